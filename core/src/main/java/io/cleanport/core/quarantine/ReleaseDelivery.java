package io.cleanport.core.quarantine;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * Sends a released message on to its one recipient, past the filters: the gateway's durable spool,
 * then the usual delivery with its retries. Implemented by the server assembly.
 */
public interface ReleaseDelivery {
    /**
     * Accepts {@code message} for delivery to {@code entry.recipient()} with {@code entry.sender()} as
     * the reverse path. Durable when it returns: a crash afterwards still delivers.
     */
    void release(QuarantineEntry entry, MimeMessage message) throws MessagingException;
}
