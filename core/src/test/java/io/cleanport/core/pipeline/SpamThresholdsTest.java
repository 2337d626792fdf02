package io.cleanport.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class SpamThresholdsTest {
    /** 5.5 of ordinary rules and 1.5 of "badly composed" ones. */
    private static final Verdict BORDERLINE = Verdict.clean(List.of(
        RuleHit.of("BAYES_80", 3.5, "Bayesian spam probability is 80 to 95%", ""),
        RuleHit.of("HTML_ONLY", 2.0, "The message has HTML and no plain text", ""),
        RuleHit.of("COMPOSITION_BARE_LF", 1.5, "Lines end in a bare LF", "12 lines")));

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void theDefaultsFallWithTheLevel() {
        SpamThresholds defaults = SpamThresholds.defaults();

        assertThat(defaults.threshold(1)).isEqualTo(10.0);
        assertThat(defaults.threshold(2)).isEqualTo(8.0);
        assertThat(defaults.threshold(3)).isEqualTo(6.0);
        assertThat(defaults.threshold(4)).isEqualTo(5.0);
        assertThat(defaults.threshold(5)).isEqualTo(4.0);
    }

    @Test
    void propertiesReplaceTheDefaultsOfTheKeysTheyHave() {
        SpamThresholds thresholds = SpamThresholds.fromProperties(properties(
            "spam.threshold.3", " 6.5 ", "spam.threshold.5", "3", "unrelated.key", "x"));

        assertThat(thresholds).isEqualTo(SpamThresholds.of(10, 8, 6.5, 5, 3));
    }

    @Test
    void emptyPropertiesGiveTheDefaults() {
        assertThat(SpamThresholds.fromProperties(new Properties())).isEqualTo(SpamThresholds.defaults());
    }

    @Test
    void aValueThatIsNotAPositiveDecimalNumberIsRefusedNamingItsKey() {
        for (String value : new String[] {"abc", "-1", "NaN", "Infinity", "1e3", "6,5", "", "0x10"}) {
            assertThatThrownBy(() -> SpamThresholds.fromProperties(properties("spam.threshold.2", value)))
                .as(value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spam.threshold.2: ");
        }
    }

    @Test
    void zeroIsRefused() {
        assertThatThrownBy(() -> SpamThresholds.fromProperties(properties("spam.threshold.5", "0")))
            .hasMessageContaining("spam.threshold.5")
            .hasMessageContaining("positive");
    }

    @Test
    void aThresholdAboveTheLessSensitiveLevelsIsRefused() {
        assertThatThrownBy(() -> SpamThresholds.fromProperties(properties("spam.threshold.4", "7")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("spam.threshold.4: 7.0 is above spam.threshold.3 (6.0)");
    }

    @Test
    void equalThresholdsOfNeighbouringLevelsAreAccepted() {
        assertThat(SpamThresholds.of(5, 5, 5, 5, 5).threshold(1)).isEqualTo(5.0);
    }

    @Test
    void nonFiniteThresholdsAreRefused() {
        assertThatThrownBy(() -> SpamThresholds.of(Double.POSITIVE_INFINITY, 8, 6, 5, 4)).hasMessageContaining("spam.threshold.1");
        assertThatThrownBy(() -> SpamThresholds.of(10, 8, Double.NaN, 5, 4)).hasMessageContaining("spam.threshold.3");
    }

    @Test
    void onlyLevelsOneToFiveHaveAThreshold() {
        assertThatThrownBy(() -> SpamThresholds.defaults().threshold(0)).hasMessageContaining("spam level 0");
        assertThatThrownBy(() -> SpamThresholds.defaults().threshold(6)).hasMessageContaining("spam level 6");
    }

    @Test
    void keysAreNamedByLevel() {
        assertThat(SpamThresholds.key(1)).isEqualTo("spam.threshold.1");
    }

    @Test
    void badlyComposedRulesCountAtLevelFiveOnly() {
        SpamThresholds defaults = SpamThresholds.defaults();

        assertThat(defaults.scoreAt(BORDERLINE, 1)).isEqualTo(5.5);
        assertThat(defaults.scoreAt(BORDERLINE, 4)).isEqualTo(5.5);
        assertThat(defaults.scoreAt(BORDERLINE, 5)).isEqualTo(7.0);
    }

    @Test
    void theLevelDecidesABorderlineMessage() {
        SpamThresholds defaults = SpamThresholds.defaults();

        assertThat(defaults.isSpamAt(BORDERLINE, 1)).isFalse();
        assertThat(defaults.isSpamAt(BORDERLINE, 2)).isFalse();
        assertThat(defaults.isSpamAt(BORDERLINE, 3)).isFalse();
        assertThat(defaults.isSpamAt(BORDERLINE, 4)).isTrue();
        assertThat(defaults.isSpamAt(BORDERLINE, 5)).isTrue();
        assertThat(SpamThresholds.of(10, 8, 7, 7, 7).isSpamAt(BORDERLINE, 4)).isFalse();
        assertThat(SpamThresholds.of(10, 8, 7, 7, 7).isSpamAt(BORDERLINE, 5)).isTrue();
    }
}
