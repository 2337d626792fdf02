package io.cleanport.core.spam;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import io.cleanport.core.spam.bayes.BayesResult;
import io.cleanport.core.verdict.RuleHit;

/**
 * The classifier's probability as a rule of the score: the band it falls in (named by its lower bound: {@code BAYES_00} for 0 to 1 %,
 * {@code BAYES_80} for 80 to 90 %, … {@code BAYES_9999} above 99.99 %) and that band's points, negative for the hammy bands. Points are data:
 * {@code spam.rule.BAYES_<NN>.score}. A classifier that has not learned enough of both classes gives no
 * rule: its probability means nothing yet.
 */
public final class BayesBands {
    /** A band: from {@code low} (inclusive) to the next band's low, its rule id and default points. */
    private record Band(double low, String id, double points, String description) {
    }

    /** Points fitted on the training split (logistic regression over bands and rules, 5-fold cross-validated). */
    private static final List<Band> DEFAULTS = List.of(
        new Band(0.00, "BAYES_00", -5.0, "Bayesian spam probability is 0 to 1%"),
        new Band(0.01, "BAYES_01", -1.9, "Bayesian spam probability is 1 to 5%"),
        new Band(0.05, "BAYES_05", -1.9, "Bayesian spam probability is 5 to 20%"),
        new Band(0.20, "BAYES_20", -1.9, "Bayesian spam probability is 20 to 50%"),
        new Band(0.50, "BAYES_50", 1.0, "Bayesian spam probability is 50 to 80%"),
        new Band(0.80, "BAYES_80", 3.0, "Bayesian spam probability is 80 to 90%"),
        new Band(0.90, "BAYES_90", 3.5, "Bayesian spam probability is 90 to 95%"),
        new Band(0.95, "BAYES_95", 4.0, "Bayesian spam probability is 95 to 99%"),
        new Band(0.99, "BAYES_99", 7.5, "Bayesian spam probability is 99 to 99.9%"),
        new Band(0.999, "BAYES_999", 7.6, "Bayesian spam probability is 99.9 to 99.99%"),
        new Band(0.9999, "BAYES_9999", 12.0, "Bayesian spam probability is above 99.99%"));

    private final List<Band> bands;

    private BayesBands(List<Band> bands) {
        this.bands = List.copyOf(bands);
    }

    public static BayesBands defaults() {
        return new BayesBands(DEFAULTS);
    }

    /**
     * The default bands with the points of {@code spam.rule.BAYES_<NN>.score} where given.
     *
     * @throws IllegalArgumentException naming the key of a value that is not a number from -100 to 100
     */
    public static BayesBands fromProperties(Properties properties) {
        return new BayesBands(DEFAULTS.stream().map(band -> {
            String key = SpamRules.key(band.id());
            String value = properties.getProperty(key);
            if (value == null) {
                return band;
            }
            double points;
            try {
                points = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + value + "' is not a number");
            }
            if (!Double.isFinite(points) || Math.abs(points) > SpamRules.MAX_SCORE) {
                throw new IllegalArgumentException(key + ": " + value + " is not from -" + SpamRules.MAX_SCORE + " to " + SpamRules.MAX_SCORE);
            }
            return new Band(band.low(), band.id(), points, band.description());
        }).toList());
    }

    /** Whether {@code ruleId} is one of the bands (a key of the properties that is not a rule). */
    public static boolean isBand(String ruleId) {
        return DEFAULTS.stream().anyMatch(band -> band.id().equals(ruleId));
    }

    /** The band of {@code result}, with its strongest tokens as evidence; empty when it learned too little. */
    public Optional<RuleHit> hit(BayesResult result) {
        if (!result.learnedEnough()) {
            return Optional.empty();
        }
        Band band = bands.get(0);
        for (Band candidate : bands) {
            if (result.probability() >= candidate.low()) {
                band = candidate;
            }
        }
        String evidence = String.format(Locale.ROOT, "p=%.4f from %d tokens: ", result.probability(), result.tokensUsed())
            + String.join(", ", result.evidence().stream().map(Object::toString).limit(5).toList());
        return Optional.of(RuleHit.of(band.id(), band.points(), band.description(), evidence));
    }
}
