package io.cleanport.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One message accepted by a {@link DownstreamSmtpServer}.
 *
 * @param sequence      1-based order of acceptance since the server was created or last cleared
 * @param helo          the name the client gave in EHLO/HELO
 * @param sender        envelope sender (reverse-path without angle brackets; empty for the null sender)
 * @param recipients    envelope recipients (forward-paths without angle brackets), in RCPT order
 * @param size          size of the message in bytes, after dot-unstuffing
 * @param receivedNanos {@link System#nanoTime()} taken the moment the terminating dot line was read
 * @param receivedAt    wall-clock time of the same moment
 * @param bytes         what is retained of the message: the whole message exactly as transmitted after
 *                      dot-unstuffing and without the final {@code .<CRLF>} (the CRLF that ends the last
 *                      line belongs to the message), only its header block, or null; see
 *                      {@link DownstreamSmtpServer.Retention}. Do not modify.
 * @param retention     what {@code bytes} holds
 */
public record ReceivedMail(long sequence,
                           String helo,
                           String sender,
                           List<String> recipients,
                           int size,
                           long receivedNanos,
                           Instant receivedAt,
                           byte[] bytes,
                           DownstreamSmtpServer.Retention retention) {

    public ReceivedMail {
        recipients = List.copyOf(recipients);
    }

    /** True when {@link #bytes()} is the complete message. */
    public boolean hasContent() {
        return retention == DownstreamSmtpServer.Retention.FULL && bytes != null;
    }

    /** The whole message decoded as UTF-8; throws if only metadata or headers were kept. */
    public String text() {
        if (!hasContent()) {
            throw new IllegalStateException("message content was not retained (" + retention + ")");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Value of the first header field with this name (case-insensitive), unfolded and trimmed, or null
     * when absent or when no header bytes were retained. Scans only the header block.
     */
    public String header(String name) {
        return Headers.first(bytes, name);
    }

    /** Values of every header field with this name, in order (empty when none). */
    public List<String> headers(String name) {
        return Headers.all(bytes, name);
    }

    /** This record with only its header block kept (or with no bytes). */
    ReceivedMail retain(DownstreamSmtpServer.Retention target) {
        if (target == retention) {
            return this;
        }
        byte[] kept = switch (target) {
            case FULL -> bytes;
            case HEADERS -> bytes == null ? null
                    : java.util.Arrays.copyOf(bytes, Headers.headerBlockLength(bytes, bytes.length));
            case METADATA -> null;
        };
        return new ReceivedMail(sequence, helo, sender, recipients, size, receivedNanos, receivedAt, kept, target);
    }

    @Override
    public String toString() {
        return "ReceivedMail[#" + sequence + " from=<" + sender + "> to=" + recipients + " size=" + size
                + " retention=" + retention + "]";
    }
}
