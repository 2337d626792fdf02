package io.cleanport.core.smtp;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;

/**
 * Who may relay through the gateway: a protected domain's {@code relayNetworks} may send mail with that
 * domain's sender addresses (the domain itself or any of its subdomains) to any recipient. The null
 * sender (delivery reports of the customer's own server) is allowed from a domain's relay networks too,
 * on behalf of the first such domain by name. Everything else is refused: the gateway is never an open
 * relay, not even for a customer's network sending with another customer's addresses.
 *
 * <p>Used at RCPT time ({@link RecipientCheck}) and again in the outbound pipeline, which needs the
 * customer domain for its size limit, its quarantine and its ICT address. Reads the store at every call:
 * give it a {@link io.cleanport.core.policy.CachingPolicyStore}.
 */
public final class RelayAuthorization {
    /** More labels than any real sender domain has; bounds the walk up a hostile name. */
    private static final int MAX_PARENT_LOOKUPS = 10;

    private final PolicyStore store;

    public RelayAuthorization(PolicyStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The protected domain on whose behalf {@code client} relays mail from {@code senderDomain}.
     *
     * @param client       the SMTP client's address
     * @param senderDomain the envelope sender's domain, any case; empty for the null sender {@code <>}
     * @return the customer domain; empty when the client may not relay this mail
     */
    public Optional<DomainName> customer(InetAddress client, Optional<String> senderDomain) {
        Objects.requireNonNull(client, "client");
        if (!inAnyRelayNetwork(client)) {
            // The common case of an outsider: one cached list, no per-domain lookups.
            return Optional.empty();
        }
        if (senderDomain.isEmpty()) {
            return store.domains().stream()
                .filter(domain -> store.domain(domain).map(policy -> contains(policy, client)).orElse(false))
                .findFirst();
        }
        return DomainName.parse(senderDomain.get()).flatMap(this::protectedDomainOf)
            .filter(domain -> store.domain(domain).map(policy -> contains(policy, client)).orElse(false));
    }

    /** The domain itself when protected, else its closest protected parent (mail from sales.example.com). */
    private Optional<DomainName> protectedDomainOf(DomainName sender) {
        String name = sender.name();
        for (int lookups = 0; lookups < MAX_PARENT_LOOKUPS; lookups++) {
            Optional<DomainName> candidate = DomainName.parse(name);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            if (store.domain(candidate.get()).isPresent()) {
                return candidate;
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
        return Optional.empty();
    }

    private boolean inAnyRelayNetwork(InetAddress client) {
        for (Cidr network : store.relayNetworks()) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(DomainPolicy policy, InetAddress client) {
        return policy.relayNetworks().stream().anyMatch(network -> network.contains(client));
    }
}
