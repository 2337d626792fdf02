package io.cleanport.core.smtp;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.policy.PolicyStore;

/**
 * Decides at RCPT TO whether the gateway takes a recipient: mail for a protected domain is accepted
 * for its known recipients (or any recipient of a catch-all domain); mail for any other domain only
 * from a client inside a customer's relay networks sending with that customer's addresses
 * ({@link RelayAuthorization}). Never an open relay.
 *
 * <p>Reads the store at every call: give it a {@link io.cleanport.core.policy.CachingPolicyStore}.
 */
public final class RecipientCheck {

    /** The answer, and the SMTP reply it calls for. */
    public enum Decision {
        /** The domain is protected and the recipient is known (or the domain is catch-all): 250. */
        ACCEPT_PROTECTED,
        /** The domain is protected, not catch-all, and has no such user: 550 5.1.1. */
        UNKNOWN_RECIPIENT,
        /** The domain is not protected, but a customer's relay network sends with its addresses: 250, outbound. */
        RELAY_ALLOWED,
        /** The domain is not protected and the client may not relay: 550 5.7.1. */
        RELAY_DENIED;

        /** Whether the recipient is accepted. */
        public boolean accepted() {
            return this == ACCEPT_PROTECTED || this == RELAY_ALLOWED;
        }
    }

    private final PolicyStore store;
    private final RelayAuthorization relay;

    public RecipientCheck(PolicyStore store) {
        this.store = Objects.requireNonNull(store);
        this.relay = new RelayAuthorization(store);
    }

    /**
     * @param client             the SMTP client's address
     * @param senderDomain       the envelope sender's domain; empty for the null sender {@code <>}
     * @param recipientLocalPart the part of the recipient before the {@code @}, any case
     * @param recipientDomain    the part after the {@code @}, any case; an invalid domain is not protected
     */
    public Decision check(InetAddress client, Optional<String> senderDomain, String recipientLocalPart,
                          String recipientDomain) {
        Optional<DomainName> domain = DomainName.parse(recipientDomain);
        Optional<DomainPolicy> policy = domain.flatMap(store::domain);
        if (policy.isPresent()) {
            return recipientKnown(domain.get(), policy.get(), recipientLocalPart)
                ? Decision.ACCEPT_PROTECTED
                : Decision.UNKNOWN_RECIPIENT;
        }
        return relay.customer(client, senderDomain).isPresent() ? Decision.RELAY_ALLOWED : Decision.RELAY_DENIED;
    }

    private boolean recipientKnown(DomainName domain, DomainPolicy policy, String localPart) {
        if (policy.catchAll()) {
            return true;
        }
        // A local part that cannot be a policy key (e.g. quoted) cannot be a listed user.
        return LocalPart.parse(localPart)
            .flatMap(local -> store.user(domain, local.value()))
            .isPresent();
    }
}
