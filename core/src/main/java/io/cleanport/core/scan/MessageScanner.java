package io.cleanport.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.cleanport.core.verdict.Verdict;

/**
 * Scans a message with a set of inspectors in one walk and gives the verdict: a virus verdict when an
 * inspector reported a virus, otherwise a clean verdict that carries the informational hits (scan limits,
 * malformed structure). {@link #scanWithFacts} also gathers, in the same walk, the {@link MessageFacts}
 * content rules look at.
 *
 * <p>Instances are immutable and thread-safe when the inspectors are.
 */
public final class MessageScanner {
    private final MessageWalker walker;
    private final MessageFactsInspector facts;

    /**
     * A scanner whose walker does not gather facts: {@link #scanWithFacts} is refused. Prefer
     * {@link #MessageScanner(ScanLimits, List)}.
     */
    public MessageScanner(MessageWalker walker) {
        this.walker = Objects.requireNonNull(walker, "walker");
        this.facts = null;
    }

    /**
     * @param inspectors the detectors; a {@link MessageFactsInspector} among them gathers the facts of
     *                   {@link #scanWithFacts}, else one with the default limits is added
     */
    public MessageScanner(ScanLimits limits, List<PartInspector> inspectors) {
        MessageFactsInspector given = null;
        for (PartInspector inspector : inspectors) {
            if (inspector instanceof MessageFactsInspector factsInspector && given == null) {
                given = factsInspector;
            }
        }
        List<PartInspector> all = new ArrayList<>(inspectors);
        if (given == null) {
            given = new MessageFactsInspector();
            all.add(given);
        }
        this.walker = new MessageWalker(limits, all);
        this.facts = given;
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

    /**
     * Scans as {@link #scan} does and, in the same walk, gathers the message's files and text. Archive
     * limits and damage met on the way are hits of the verdict ({@code ARCHIVE_LIMIT_EXCEEDED},
     * {@code ARCHIVE_MALFORMED}).
     *
     * @param rawMessage the message as received (header, blank line, body); not closed
     * @throws IOException when the stream cannot be read
     * @throws IllegalStateException when this scanner was built from a bare walker
     */
    public ScanResult scanWithFacts(InputStream rawMessage) throws IOException {
        return scanWithFacts(rawMessage, new Findings());
    }

    /**
     * As {@link #scanWithFacts(InputStream)}, reporting to {@code findings}: for a caller that adds its own
     * findings after the walk, or reads what its inspectors kept in the scan's slots.
     */
    public ScanResult scanWithFacts(InputStream rawMessage, Findings findings) throws IOException {
        if (facts == null) {
            throw new IllegalStateException("this scanner was built from a MessageWalker without a MessageFactsInspector;"
                + " build it with MessageScanner(ScanLimits, List<PartInspector>)");
        }
        facts.startCollecting(findings);
        walker.walk(rawMessage, findings);
        return new ScanResult(findings.verdict(), facts.collected(findings));
    }
}
