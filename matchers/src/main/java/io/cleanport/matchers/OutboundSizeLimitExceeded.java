package io.cleanport.matchers;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.cleanport.core.pipeline.OutboundCustomer;
import io.cleanport.core.policy.PolicyStore;

/**
 * Matches every recipient of an outbound mail larger than its customer domain's {@code maxMessageSize}
 * ({@link OutboundCustomer}). Mail without a customer has only the global limit, enforced at SMTP time.
 * Place it before any mailet that changes the message.
 */
public class OutboundSizeLimitExceeded extends GenericMatcher {
    private final OutboundCustomer customers;

    @Inject
    public OutboundSizeLimitExceeded(PolicyStore policies) {
        this.customers = new OutboundCustomer(policies);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        long size = mail.getMessageSize();
        boolean exceeds = customers.of(mail).map(customer -> size > customer.policy().maxMessageSize()).orElse(false);
        return exceeds ? mail.getRecipients() : List.of();
    }
}
