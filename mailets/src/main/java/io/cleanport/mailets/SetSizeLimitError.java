package io.cleanport.mailets;

import java.util.OptionalLong;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.RecipientSizeLimits;

/**
 * Sets the mail's error message to why its recipients refuse it: its size, and each recipient's limit.
 * {@code DSNBounce} puts the error message in the notification it sends, so the sender reads the limits.
 * Used on the recipients that {@code RecipientSizeLimitExceeded} matched; if the policy store fails,
 * the message says the size without the limits, so the notification still goes.
 */
public class SetSizeLimitError extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SetSizeLimitError.class);

    private final RecipientSizeLimits limits;

    @Inject
    public SetSizeLimitError(PolicyStore policies) {
        this.limits = new RecipientSizeLimits(policies);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        long size = mail.getMessageSize();
        StringBuilder error = new StringBuilder("The message is ").append(size).append(" bytes, more than its recipients accept");
        try {
            StringBuilder perRecipient = new StringBuilder();
            for (MailAddress recipient : mail.getRecipients()) {
                OptionalLong limit = limits.limitFor(recipient.getLocalPart(), recipient.getDomain().asString());
                if (limit.isPresent()) {
                    perRecipient.append('\n').append(recipient.asString()).append(": at most ").append(limit.getAsLong()).append(" bytes");
                }
            }
            error.append(perRecipient.length() > 0 ? ":" : ".").append(perRecipient);
        } catch (RuntimeException e) {
            LOGGER.warn("Size limits of the recipients of mail {} unavailable; the notice will not name them", mail.getName(), e);
            error.append('.');
        }
        mail.setErrorMessage(error.toString());
    }

    @Override
    public String getMailetInfo() {
        return "Explains in the error message which recipient size limits the mail exceeds";
    }
}
