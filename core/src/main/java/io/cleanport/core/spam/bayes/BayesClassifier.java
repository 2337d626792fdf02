package io.cleanport.core.spam.bayes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.cleanport.core.spam.SpamMessage;
import io.cleanport.core.spam.bayes.BayesResult.TokenEvidence;

/**
 * Naive Bayes over a message's tokens, as Gary Robinson published it: a probability per token, the
 * strongest tokens only, and Fisher's combining of their probabilities.
 *
 * <ol>
 *   <li>Per token, with b and g the fractions of learned spam and ham messages that carried it (so the
 *       ratio of spam to ham learned does not bias it), p(w) = b / (b + g) and, with n the messages that
 *       carried it, s the strength and x the assumed probability (1 and 0.5 by default):
 *       f(w) = (s·x + n·p(w)) / (s + n). A token seen rarely stays near x.</li>
 *   <li>Tokens seen fewer than 2 times are ignored; of the others, those with |f(w) − 0.5| above 0.1
 *       are interesting, and the 150 farthest from 0.5 are kept (ties by token, for determinism).</li>
 *   <li>With C⁻¹(χ², 2n) the probability that a chi-square with 2n degrees of freedom reaches χ²:
 *       H = C⁻¹(−2 Σ ln f(w), 2n), S = C⁻¹(−2 Σ ln(1 − f(w)), 2n), and the indicator
 *       I = (1 + H − S) / 2. H is near 1 when the tokens are together too spammy to be chance,
 *       S likewise for hammy; I is 0.5 when both or neither.</li>
 * </ol>
 * Reads the store once for the totals and once (by chunks) for the counts; thread-safe.
 */
public final class BayesClassifier {
    private static final Comparator<TokenEvidence> STRONGEST_FIRST = Comparator
        .comparingDouble((TokenEvidence evidence) -> Math.abs(evidence.spamProbability() - 0.5)).reversed()
        .thenComparing(TokenEvidence::token);

    private final TokenStore store;
    private final SpamTokenizer tokenizer;
    private final BayesSettings settings;

    public BayesClassifier(TokenStore store, SpamTokenizer tokenizer, BayesSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public BayesResult classify(SpamMessage message) {
        return classify(tokenizer.tokenize(message));
    }

    public BayesResult classify(TokenizedMessage message) {
        LearnedTotals totals = store.totals();
        Map<String, TokenCounts> counts = store.counts(message.tokens());
        List<TokenEvidence> interesting = new ArrayList<>();
        counts.forEach((token, count) -> {
            if (count.total() >= settings.minOccurrences()) {
                double f = spamProbability(count, totals);
                if (Math.abs(f - 0.5) > settings.minDeviation()) {
                    interesting.add(new TokenEvidence(token, f, count));
                }
            }
        });
        interesting.sort(STRONGEST_FIRST);
        List<TokenEvidence> used = interesting.subList(0, Math.min(interesting.size(), settings.maxEvidenceTokens()));
        boolean learnedEnough = totals.spamMessages() >= settings.minLearnedPerClass()
            && totals.hamMessages() >= settings.minLearnedPerClass();
        return new BayesResult(fisher(used), used.size(),
            used.subList(0, Math.min(used.size(), settings.explainedTokens())), learnedEnough);
    }

    /** Robinson's f(w) of a token with these counts. */
    double spamProbability(TokenCounts counts, LearnedTotals totals) {
        double spamFraction = fraction(counts.spam(), totals.spamMessages());
        double hamFraction = fraction(counts.ham(), totals.hamMessages());
        double p = spamFraction + hamFraction == 0 ? settings.assumedProbability()
            : spamFraction / (spamFraction + hamFraction);
        double n = counts.total();
        return (settings.strength() * settings.assumedProbability() + n * p) / (settings.strength() + n);
    }

    private static double fraction(int count, long messages) {
        // A token can outnumber its class's messages only after forgetting or purging; cap, never divide by 0.
        return messages == 0 ? 0 : Math.min(1.0, (double) count / messages);
    }

    private static double fisher(List<TokenEvidence> tokens) {
        if (tokens.isEmpty()) {
            return 0.5;
        }
        // Sums of logarithms: the products of 150 probabilities would underflow.
        double lnSpammy = 0;
        double lnHammy = 0;
        for (TokenEvidence token : tokens) {
            lnSpammy += Math.log(token.spamProbability());
            lnHammy += Math.log(1 - token.spamProbability());
        }
        int degreesOfFreedom = 2 * tokens.size();
        double h = chiSquareSurvival(-2 * lnSpammy, degreesOfFreedom);
        double s = chiSquareSurvival(-2 * lnHammy, degreesOfFreedom);
        return Math.max(0, Math.min(1, (1 + h - s) / 2));
    }

    /**
     * C⁻¹: the probability that a chi-square variable with an even number of degrees of freedom is at
     * least {@code chiSquare}; for 2k degrees the series e^(−m) Σ_{i<k} m^i / i!, with m = χ²/2.
     */
    static double chiSquareSurvival(double chiSquare, int degreesOfFreedom) {
        if (degreesOfFreedom < 2 || degreesOfFreedom % 2 != 0) {
            throw new IllegalArgumentException("degrees of freedom must be even and positive, got " + degreesOfFreedom);
        }
        double m = chiSquare / 2;
        double term = Math.exp(-m);
        double sum = term;
        for (int i = 1; i < degreesOfFreedom / 2; i++) {
            term *= m / i;
            sum += term;
        }
        return Math.min(sum, 1.0);
    }
}
