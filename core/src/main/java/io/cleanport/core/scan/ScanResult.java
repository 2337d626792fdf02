package io.cleanport.core.scan;

import java.util.Objects;

import io.cleanport.core.verdict.Verdict;

/**
 * What one walk of a message gives: the verdict of the inspectors (viruses, limits, malformed structure)
 * and the facts content rules are evaluated on.
 *
 * @param verdict the scan's verdict, as {@link MessageScanner#scan} gives it
 * @param facts   the message's files and text
 */
public record ScanResult(Verdict verdict, MessageFacts facts) {
    public ScanResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(facts, "facts");
    }
}
