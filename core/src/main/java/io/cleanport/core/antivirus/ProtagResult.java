package io.cleanport.core.antivirus;

import java.util.List;
import java.util.Objects;

import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.spam.SpamMessage;
import io.cleanport.core.verdict.Verdict;

/**
 * What ProTAG found in one message.
 *
 * @param verdict the antivirus verdict: a virus with its name and evidence, or clean with informational hits
 * @param facts   the message's files and text, from the same walk, for the content filter
 * @param spam    the message as the spam filter reads it, from the same walk (the SMTP envelope unknown:
 *                {@link SpamMessage#withEnvelope})
 * @param learned the signatures this scan stored or found already stored (empty unless a virus was learned)
 */
public record ProtagResult(Verdict verdict, MessageFacts facts, SpamMessage spam, List<VirusSignature> learned) {
    public ProtagResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(spam, "spam");
        learned = List.copyOf(learned);
    }
}
