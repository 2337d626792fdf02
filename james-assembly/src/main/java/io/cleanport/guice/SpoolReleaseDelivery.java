package io.cleanport.guice;

import java.util.Objects;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;

import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.ReleaseDelivery;

/**
 * Releases a quarantined message by putting it back in James's persistent spool, addressed to its one
 * recipient and sent to the {@value #PROCESSOR} processor of {@code mailetcontainer.xml}, which stamps the
 * delivery headers and delivers it past the filters, with the usual retries.
 */
public class SpoolReleaseDelivery implements ReleaseDelivery {
    public static final String PROCESSOR = "released";
    /** Set on released mail: the quarantine entry it came from. */
    public static final AttributeName RELEASED_FROM = AttributeName.of("cleanport.releasedFrom");
    private static final AttributeName CLEANPORT_ID = AttributeName.of("cleanport.id");

    private final MailQueueFactory<?> queues;

    public SpoolReleaseDelivery(MailQueueFactory<?> queues) {
        this.queues = Objects.requireNonNull(queues, "queues");
    }

    @Override
    public void release(QuarantineEntry entry, MimeMessage message) throws MessagingException {
        MailImpl mail = MailImpl.builder()
            .name("released-" + entry.id().asString() + "-" + UUID.randomUUID())
            .sender(entry.senderAddress())
            .addRecipient(entry.recipientAddress())
            .mimeMessage(message)
            .state(PROCESSOR)
            .remoteAddr("127.0.0.1")
            .remoteHost("localhost")
            .addAttribute(new Attribute(CLEANPORT_ID, AttributeValue.of(entry.messageId().asString())))
            .addAttribute(new Attribute(RELEASED_FROM, AttributeValue.of(entry.id().asString())))
            .build();
        try {
            MailQueue spool = queues.createQueue(MailQueueFactory.SPOOL);
            spool.enQueue(mail);
        } finally {
            mail.dispose();
        }
    }
}
