package io.cleanport.core.spam.bayes;

import java.util.List;
import java.util.Objects;

/**
 * What the Bayes classifier concluded about a message.
 *
 * @param probability   Fisher's indicator I in [0, 1]: near 1 spam, near 0 ham, 0.5 when the evidence is
 *                      absent or cancels out
 * @param tokensUsed    how many tokens were combined (the interesting ones, at most 150 by default)
 * @param evidence      the strongest of them, strongest first: what to show when asked why
 * @param learnedEnough false while fewer spam or ham messages were learned than the settings ask: the
 *                      probability is then computed but not to be trusted
 */
public record BayesResult(double probability, int tokensUsed, List<TokenEvidence> evidence, boolean learnedEnough) {
    public BayesResult {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        if (tokensUsed < 0) {
            throw new IllegalArgumentException("tokensUsed must not be negative, got " + tokensUsed);
        }
        evidence = List.copyOf(evidence);
    }

    /**
     * A token that weighed in a verdict.
     *
     * @param token           the token ({@code url:tld:ru}, {@code viagra})
     * @param spamProbability Robinson's f(w): above 0.5 it speaks for spam, below for ham
     * @param counts          in how many learned spam and ham messages it occurred
     */
    public record TokenEvidence(String token, double spamProbability, TokenCounts counts) {
        public TokenEvidence {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(counts, "counts");
            if (!(spamProbability > 0 && spamProbability < 1)) {
                throw new IllegalArgumentException("spamProbability must be in (0, 1), got " + spamProbability);
            }
        }

        @Override
        public String toString() {
            return token + "=" + String.format(java.util.Locale.ROOT, "%.3f", spamProbability);
        }
    }
}
