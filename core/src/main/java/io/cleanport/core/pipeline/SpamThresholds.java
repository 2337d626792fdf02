package io.cleanport.core.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

import io.cleanport.core.policy.PolicyLimits;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * The spam score at which a message counts as spam, for each spam level of a recipient's policy: level 1
 * is the least sensitive (the highest threshold), level 5 the most sensitive. A message whose score
 * reaches its recipient's threshold is spam.
 *
 * <p>The defaults (level 1 to 5: 10.0, 8.0, 6.0, 5.0, 4.0) were chosen with the rule weights on the public
 * training corpus: at level 3 nearly all spam is caught and no easy ham is (see README, spam accuracy). Operators may set them in
 * {@code cleanport.properties} with the keys {@code spam.threshold.1} to {@code spam.threshold.5}
 * ({@link #fromProperties}); a key left out keeps its default. Thresholds are positive decimal numbers and
 * never rise with the level: a more sensitive level may not need a higher score.
 *
 * <p>Immutable and thread-safe.
 */
public final class SpamThresholds {
    /**
     * Rules whose id starts with this prefix ("badly composed" mail: MIME structure errors, bare LF, malformed
     * headers) count at the most sensitive level only.
     */
    public static final String LEVEL_FIVE_ONLY_PREFIX = "COMPOSITION_";
    /** The configuration keys are this prefix followed by the level, {@code spam.threshold.1} to {@code .5}. */
    public static final String KEY_PREFIX = "spam.threshold.";

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})?");
    private static final SpamThresholds DEFAULTS = new SpamThresholds(new double[] {10.0, 8.0, 6.0, 5.0, 4.0});

    /** Indexed by level - 1. */
    private final double[] byLevel;

    private SpamThresholds(double[] byLevel) {
        this.byLevel = byLevel;
    }

    /** The defaults: 10.0, 8.0, 6.0, 5.0, 4.0 for levels 1 to 5. */
    public static SpamThresholds defaults() {
        return DEFAULTS;
    }

    /**
     * @throws IllegalArgumentException naming the key ({@code spam.threshold.N}) of a threshold that is not
     *                                  finite and positive, or that is above the one of the level below it
     */
    public static SpamThresholds of(double level1, double level2, double level3, double level4, double level5) {
        return checked(new double[] {level1, level2, level3, level4, level5});
    }

    /**
     * The thresholds of {@code properties} ({@code spam.threshold.1} to {@code spam.threshold.5}), the
     * default for each key that is absent. Other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key of a value that is not a positive decimal number
     *                                  ({@code 6} or {@code 6.5}), or that breaks the order of the levels
     */
    public static SpamThresholds fromProperties(Properties properties) {
        double[] thresholds = DEFAULTS.byLevel.clone();
        for (int level = PolicyLimits.MIN_SPAM_LEVEL; level <= PolicyLimits.MAX_SPAM_LEVEL; level++) {
            String value = properties.getProperty(key(level));
            if (value != null) {
                thresholds[level - 1] = parse(key(level), value.strip());
            }
        }
        return checked(thresholds);
    }

    /** The configuration key of {@code level}'s threshold. */
    public static String key(int level) {
        return KEY_PREFIX + checkLevel(level);
    }

    /**
     * The threshold of {@code level}.
     *
     * @throws IllegalArgumentException unless {@code level} is 1 to 5
     */
    public double threshold(int level) {
        return byLevel[checkLevel(level) - 1];
    }

    /**
     * The score of {@code verdict} at {@code level}: the sum of its hits, without the
     * {@value #LEVEL_FIVE_ONLY_PREFIX} rules below level 5.
     */
    public double scoreAt(Verdict verdict, int level) {
        return countedAt(verdict, level).stream().mapToDouble(RuleHit::score).sum();
    }

    /** The hits of {@code verdict} that count at {@code level}: all but the {@value #LEVEL_FIVE_ONLY_PREFIX} ones below 5. */
    public List<RuleHit> countedAt(Verdict verdict, int level) {
        boolean mostSensitive = checkLevel(level) == PolicyLimits.MAX_SPAM_LEVEL;
        return verdict.hits().stream()
            .filter(hit -> mostSensitive || !hit.ruleId().startsWith(LEVEL_FIVE_ONLY_PREFIX))
            .toList();
    }

    /** Whether {@code verdict} is spam at {@code level}: its score there reaches the level's threshold. */
    public boolean isSpamAt(Verdict verdict, int level) {
        return scoreAt(verdict, level) >= threshold(level);
    }

    private static double parse(String key, String value) {
        if (!DECIMAL.matcher(value).matches()) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a positive decimal number (e.g. 6 or 6.5)");
        }
        return Double.parseDouble(value);
    }

    private static SpamThresholds checked(double[] thresholds) {
        for (int i = 0; i < thresholds.length; i++) {
            int level = i + 1;
            if (!Double.isFinite(thresholds[i]) || thresholds[i] <= 0) {
                throw new IllegalArgumentException(key(level) + ": " + thresholds[i] + " is not a finite, positive score");
            }
            if (i > 0 && thresholds[i] > thresholds[i - 1]) {
                throw new IllegalArgumentException(key(level) + ": " + thresholds[i] + " is above " + key(level - 1) + " ("
                    + thresholds[i - 1] + "); a more sensitive level needs a threshold no higher than the level below it");
            }
        }
        return new SpamThresholds(thresholds);
    }

    private static int checkLevel(int level) {
        if (level < PolicyLimits.MIN_SPAM_LEVEL || level > PolicyLimits.MAX_SPAM_LEVEL) {
            throw new IllegalArgumentException("spam level " + level + " is not from " + PolicyLimits.MIN_SPAM_LEVEL
                + " to " + PolicyLimits.MAX_SPAM_LEVEL);
        }
        return level;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpamThresholds other && Arrays.equals(other.byLevel, byLevel);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(byLevel);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("SpamThresholds[");
        for (int i = 0; i < byLevel.length; i++) {
            out.append(i == 0 ? "" : ", ").append(i + 1).append('=').append(String.format(Locale.ROOT, "%.1f", byLevel[i]));
        }
        return out.append(']').toString();
    }
}
