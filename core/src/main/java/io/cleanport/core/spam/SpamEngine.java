package io.cleanport.core.spam;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.spam.bayes.BayesClassifier;
import io.cleanport.core.spam.bayes.BayesResult;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * The spam score of a message: the sum of the named rules that hit ({@link SpamRules}), the classifier's band
 * ({@link BayesBands}) and the DNS checks' findings. The verdict carries every hit, so that each recipient's
 * level decides ({@link SpamThresholds#isSpamAt}); it is {@code spam} when the most sensitive level would call
 * it spam, {@code clean} otherwise. Thread-safe.
 */
public final class SpamEngine {
    private final SpamRules rules;
    private final BayesClassifier bayes;
    private final BayesBands bands;
    private final SpamThresholds thresholds;

    public SpamEngine(SpamRules rules, BayesClassifier bayes, BayesBands bands, SpamThresholds thresholds) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.bayes = Objects.requireNonNull(bayes, "bayes");
        this.bands = Objects.requireNonNull(bands, "bands");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The verdict of {@code message}, with {@code extra} hits (the DNS checks') added. */
    public Verdict score(SpamMessage message, List<RuleHit> extra) {
        List<RuleHit> hits = new ArrayList<>(rules.evaluate(message));
        BayesResult result = bayes.classify(message);
        bands.hit(result).ifPresent(hits::add);
        hits.addAll(extra);
        List<RuleHit> scored = hits.stream().filter(hit -> hit.score() != 0).limit(Verdict.MAX_HITS).toList();
        Verdict clean = Verdict.clean(scored);
        boolean spamSomewhere = !scored.isEmpty() && thresholds.isSpamAt(clean, 5);
        return spamSomewhere ? Verdict.of(Category.SPAM, java.util.Optional.empty(), scored) : clean;
    }

    public Verdict score(SpamMessage message) {
        return score(message, List.of());
    }
}
