package io.cleanport.core.spam.bayes;

/**
 * The tunables of {@link BayesClassifier}. The defaults are those of Robinson's method as SpamBayes uses them
 * (strength 0.45), which did best in 5-fold cross-validation on the training split.
 *
 * @param strength            s: how many occurrences the assumed probability weighs against the
 *                            observed ones (default 0.45)
 * @param assumedProbability  x: the spam probability of a token never seen (default 0.5)
 * @param minOccurrences      tokens seen in fewer learned messages are ignored (default 2)
 * @param minDeviation        a token is evidence only when |f(w) - 0.5| is above this (default 0.1)
 * @param maxEvidenceTokens   at most this many tokens, the strongest, are combined (default 150)
 * @param minLearnedPerClass  below this many learned spam or ham messages the answer is not reliable
 *                            ({@link BayesResult#learnedEnough()} false; default 50)
 * @param explainedTokens     how many of the strongest tokens a result lists (default 10)
 */
public record BayesSettings(double strength, double assumedProbability, int minOccurrences, double minDeviation,
                            int maxEvidenceTokens, int minLearnedPerClass, int explainedTokens) {
    public static final BayesSettings DEFAULTS = new BayesSettings(0.45, 0.5, 2, 0.1, 150, 50, 10);

    public BayesSettings {
        require(strength > 0 && strength <= 100, "strength must be in (0, 100]", strength);
        require(assumedProbability > 0 && assumedProbability < 1, "assumedProbability must be in (0, 1)", assumedProbability);
        require(minOccurrences >= 1 && minOccurrences <= 1000, "minOccurrences must be 1 to 1000", minOccurrences);
        require(minDeviation >= 0 && minDeviation < 0.5, "minDeviation must be in [0, 0.5)", minDeviation);
        require(maxEvidenceTokens >= 1 && maxEvidenceTokens <= TokenizedMessage.MAX_TOKENS,
            "maxEvidenceTokens must be 1 to " + TokenizedMessage.MAX_TOKENS, maxEvidenceTokens);
        require(minLearnedPerClass >= 0, "minLearnedPerClass must not be negative", minLearnedPerClass);
        require(explainedTokens >= 0 && explainedTokens <= maxEvidenceTokens,
            "explainedTokens must be 0 to maxEvidenceTokens", explainedTokens);
    }

    private static void require(boolean valid, String rule, double value) {
        if (!valid) {
            throw new IllegalArgumentException(rule + ", got " + value);
        }
    }
}
