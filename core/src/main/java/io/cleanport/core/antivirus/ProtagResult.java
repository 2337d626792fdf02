package io.cleanport.core.antivirus;

import java.util.List;
import java.util.Objects;

import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.verdict.Verdict;

/**
 * What ProTAG found in one message.
 *
 * @param verdict the antivirus verdict: a virus with its name and evidence, or clean with informational hits
 * @param facts   the message's files and text, from the same walk, for the content and spam filters
 * @param learned the signatures this scan stored or found already stored (empty unless a virus was learned)
 */
public record ProtagResult(Verdict verdict, MessageFacts facts, List<VirusSignature> learned) {
    public ProtagResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(facts, "facts");
        learned = List.copyOf(learned);
    }
}
