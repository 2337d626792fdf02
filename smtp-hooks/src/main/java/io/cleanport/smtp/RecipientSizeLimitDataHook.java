package io.cleanport.smtp;

import java.util.Collection;
import java.util.OptionalLong;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.RecipientSizeLimits;

/**
 * At the end of DATA, refuses the whole message with {@code 552 5.3.4} when it is larger than every one
 * of its recipients accepts: nothing is queued. When at least one recipient takes it, it declines and the
 * message goes on; the pipeline then bounces it for the recipients whose limit it exceeds
 * ({@code RecipientSizeLimitExceeded}). A relay recipient has only the global ceiling, which James has
 * already checked. A policy-store failure declines too: the pipeline checks again.
 *
 * <p>List it before {@code CoreCmdHandlerLoader}, so it runs before the message is spooled.
 */
public class RecipientSizeLimitDataHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientSizeLimitDataHook.class);

    private final RecipientSizeLimits limits;

    @Inject
    public RecipientSizeLimitDataHook(PolicyStore policies) {
        this.limits = new RecipientSizeLimits(policies);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Collection<MailAddress> recipients = mail.getRecipients();
        if (recipients.isEmpty()) {
            return HookResult.DECLINED;
        }
        try {
            long size = mail.getMessageSize();
            if (recipients.stream().allMatch(recipient -> exceeds(size, recipient))) {
                LOGGER.info("Refused message {} from {} for {}: {} bytes, over every recipient's size limit",
                    mail.getName(), mail.getMaybeSender().asString(), recipients, size);
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("552")
                    .smtpDescription("5.3.4 Message too big for every recipient")
                    .build();
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Size limit check failed for message {} from {}; left to the pipeline",
                mail.getName(), mail.getMaybeSender().asString(), e);
        }
        return HookResult.DECLINED;
    }

    private boolean exceeds(long size, MailAddress recipient) {
        OptionalLong limit = limits.limitFor(recipient.getLocalPart(), recipient.getDomain().asString());
        return limit.isPresent() && size > limit.getAsLong();
    }
}
