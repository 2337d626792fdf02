package io.cleanport.core.spam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

import io.cleanport.core.scan.Findings;
import io.cleanport.core.scan.MessageWalker;
import io.cleanport.core.scan.ScanLimits;

/**
 * Reads a message into a {@link SpamMessage} on its own, in one bounded walk with a {@link SpamFactsInspector}:
 * for the spam filter when no other scan walks the message, for learning, and for tests. A scan that already
 * walks the message (the antivirus) adds the inspector to its walk instead.
 *
 * <p>Immutable and thread-safe.
 */
public final class SpamMessageParser {
    private final SpamFactsInspector inspector;
    private final MessageWalker walker;

    /** The default scan and spam limits. */
    public SpamMessageParser() {
        this(ScanLimits.defaults(), SpamLimits.defaults());
    }

    public SpamMessageParser(ScanLimits scanLimits, SpamLimits spamLimits) {
        this.inspector = new SpamFactsInspector(Objects.requireNonNull(spamLimits, "spamLimits"));
        this.walker = new MessageWalker(Objects.requireNonNull(scanLimits, "scanLimits"), List.of(inspector));
    }

    /**
     * @param rawMessage the message as received (header, blank line, body); read up to where the walk ends, not
     *                   closed
     * @throws IOException when the stream cannot be read; malformed or oversized MIME is described in the result
     */
    public SpamMessage parse(InputStream rawMessage, SmtpEnvelope envelope) throws IOException {
        Objects.requireNonNull(envelope, "envelope");
        Findings findings = new Findings();
        walker.walk(inspector.startCollecting(findings, rawMessage), findings);
        return inspector.collected(findings, envelope);
    }

    /** As {@link #parse(InputStream, SmtpEnvelope)}, from the message's bytes. */
    public SpamMessage parse(byte[] rawMessage, SmtpEnvelope envelope) {
        try {
            return parse(new ByteArrayInputStream(rawMessage), envelope);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a byte array failed", e); // cannot happen
        }
    }
}
