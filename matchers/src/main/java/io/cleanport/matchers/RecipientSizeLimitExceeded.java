package io.cleanport.matchers;

import java.util.Collection;
import java.util.OptionalLong;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.collect.ImmutableList;

import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.RecipientSizeLimits;

/**
 * Matches the recipients of protected domains whose size limit (the effective {@code maxMessageSize})
 * the mail exceeds. Recipients of other domains have only the global limit, enforced at SMTP time.
 * Place it before any mailet that changes the message, so that it sees the size the SMTP hooks saw.
 */
public class RecipientSizeLimitExceeded extends GenericMatcher {
    private final RecipientSizeLimits limits;

    @Inject
    public RecipientSizeLimitExceeded(PolicyStore policies) {
        this.limits = new RecipientSizeLimits(policies);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        long size = mail.getMessageSize();
        return mail.getRecipients().stream()
            .filter(recipient -> exceeds(size, recipient))
            .collect(ImmutableList.toImmutableList());
    }

    private boolean exceeds(long size, MailAddress recipient) {
        OptionalLong limit = limits.limitFor(recipient.getLocalPart(), recipient.getDomain().asString());
        return limit.isPresent() && size > limit.getAsLong();
    }
}
