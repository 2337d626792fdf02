package io.cleanport.core.pipeline;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import org.apache.mailet.Mail;

import com.google.common.net.InetAddresses;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.smtp.RelayAuthorization;

/**
 * The customer an outbound mail is relayed for: the protected domain whose relay networks hold the mail's
 * client address and whose addresses (or the null sender) it was sent with, decided as at RCPT time
 * ({@link RelayAuthorization}). The outbound pipeline takes the customer's size limit, quarantine days and
 * ICT address from its policy.
 *
 * <p>Mail the gateway makes itself (a bounce to an outside sender, a notification) has no customer, and
 * neither has mail whose customer's policy changed since it was accepted: the outbound steps then fall
 * back to the global limits and defaults, and still scan it.
 */
public final class OutboundCustomer {
    /** A customer domain and its policy. */
    public record Customer(DomainName domain, DomainPolicy policy) {
        public Customer {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(policy, "policy");
        }
    }

    private final PolicyStore policies;
    private final RelayAuthorization relay;

    public OutboundCustomer(PolicyStore policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.relay = new RelayAuthorization(policies);
    }

    /** The customer that relayed {@code mail}; empty when none (see the class comment). */
    public Optional<Customer> of(Mail mail) {
        Optional<InetAddress> client = clientAddress(mail.getRemoteAddr());
        if (client.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> senderDomain = mail.getMaybeSender().asOptional().map(sender -> sender.getDomain().asString());
        return relay.customer(client.get(), senderDomain)
            .flatMap(domain -> policies.domain(domain).map(policy -> new Customer(domain, policy)));
    }

    private static Optional<InetAddress> clientAddress(String remoteAddr) {
        if (remoteAddr == null || !InetAddresses.isInetAddress(remoteAddr)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(remoteAddr));
    }
}
