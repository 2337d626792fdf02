package io.cleanport.core.spam;

import java.util.Optional;
import java.util.function.Function;

import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.verdict.RuleHit;

/**
 * One named, scored, explainable spam rule: it looks at a {@link SpamMessage} and, when it matches, says what it
 * found ("link text 'paypal.com' goes to http://198.51.100.7/login"). A message's spam score is the sum of the
 * scores of the rules that hit; {@link SpamRules} holds the set and the scores configuration gives them.
 *
 * <p>Rules are stateless and thread-safe.
 */
public interface SpamRule {
    /** Upper-case letters, digits and underscores: {@code MISSING_DATE}. */
    String id();

    /** One line saying what the rule detects. */
    String description();

    /** The score of a hit unless configuration gives another. */
    double defaultScore();

    /**
     * Whether the rule detects badly composed mail (broken MIME, bare LFs, malformed headers) rather than spam:
     * such hits count only for recipients at the most sensitive spam level, 5.
     */
    boolean composition();

    /** A hit, with the default score and the evidence, when the rule matches. */
    Optional<RuleHit> evaluate(SpamMessage message);

    /**
     * A rule whose logic is a function from the message to the evidence of a hit (empty when it does not match).
     *
     * @throws IllegalArgumentException when the id, score or description is not valid for a {@link RuleHit}
     */
    static SpamRule of(String id, double defaultScore, String description, Function<SpamMessage, Optional<String>> finder) {
        return new EvidenceRule(id, defaultScore, description, false, finder);
    }

    /** As {@link #of}, for a rule about badly composed mail ({@link #composition()}). */
    static SpamRule compositionRule(String id, double defaultScore, String description,
                                    Function<SpamMessage, Optional<String>> finder) {
        // The per-recipient decision (SpamThresholds) knows these rules by their prefix, from the verdict alone.
        if (!id.startsWith(SpamThresholds.LEVEL_FIVE_ONLY_PREFIX)) {
            throw new IllegalArgumentException("a composition rule's id starts with " + SpamThresholds.LEVEL_FIVE_ONLY_PREFIX
                + ": " + id);
        }
        return new EvidenceRule(id, defaultScore, description, true, finder);
    }
}
