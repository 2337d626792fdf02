package io.cleanport.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

import io.cleanport.core.verdict.Verdict;

/**
 * Scans a message with a set of inspectors in one walk and gives the verdict: a virus verdict when an
 * inspector reported a virus, otherwise a clean verdict that carries the informational hits (scan limits,
 * malformed structure).
 *
 * <p>Instances are immutable and thread-safe when the inspectors are.
 */
public final class MessageScanner {
    private final MessageWalker walker;

    public MessageScanner(MessageWalker walker) {
        this.walker = Objects.requireNonNull(walker, "walker");
    }

    public MessageScanner(ScanLimits limits, List<PartInspector> inspectors) {
        this(new MessageWalker(limits, inspectors));
    }

    /** The default limits and the detectors available today: the EICAR test file. */
    public static MessageScanner withDefaults() {
        return new MessageScanner(ScanLimits.defaults(), List.of(new EicarInspector()));
    }

    /**
     * @param rawMessage the message as received (header, blank line, body); not closed
     * @throws IOException when the stream cannot be read; malformed or oversized MIME is a finding instead
     */
    public Verdict scan(InputStream rawMessage) throws IOException {
        Findings findings = new Findings();
        walker.walk(rawMessage, findings);
        return findings.verdict();
    }
}
