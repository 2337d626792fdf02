package io.cleanport.mailets;

import java.time.Clock;

import javax.mail.MessagingException;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;

/**
 * Gives an inbound mail its {@link CleanPortId}, the id under which it is found in logs and in quarantine:
 * the mail attribute {@value MailIds#NAME}. A mail that already has one keeps it.
 *
 * <p>The message itself is not touched: what is quarantined must be the message exactly as it was
 * received. {@link StampDeliveryHeaders} writes the id (and removes forged {@code X-CleanPort-*} header
 * fields) on the way to delivery.
 */
public class AssignCleanPortId extends GenericMailet {
    public static final AttributeName ATTRIBUTE = MailIds.ATTRIBUTE;

    private final Clock clock;

    public AssignCleanPortId() {
        this(Clock.systemUTC());
    }

    AssignCleanPortId(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (MailIds.of(mail).isEmpty()) {
            MailIds.assign(mail, CleanPortId.generate(clock));
        }
    }

    @Override
    public String getMailetInfo() {
        return "Assigns the cleanport.id attribute";
    }
}
