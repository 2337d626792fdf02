package io.cleanport.core.spam;

import static io.cleanport.core.spam.SpamTestMessages.CLOCK;
import static io.cleanport.core.spam.SpamTestMessages.html;
import static io.cleanport.core.spam.SpamTestMessages.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.RuleHit;

/** The rule set: ids, default and configured scores, validation of the configuration, evaluation. */
class SpamRulesTest {
    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void theStandardRulesHaveUniqueIdsAndModestScores() {
        List<SpamRule> rules = SpamRules.defaults().rules();

        assertThat(rules).hasSizeBetween(30, 45);
        assertThat(rules).extracting(SpamRule::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[A-Z][A-Z0-9_]+"));
        assertThat(rules).allSatisfy(rule -> assertThat(rule.defaultScore()).isBetween(0.5, 6.0));
    }

    @Test
    void hitsCarryTheScoreTheDescriptionAndTheEvidence() {
        List<RuleHit> hits = SpamRules.defaults().evaluate(parse(html("<p>hello</p>")));

        assertThat(hits).containsExactly(RuleHit.of("HTML_ONLY", 3.2, "HTML without a plain text alternative",
            "text/html without a text/plain part"));
    }

    @Test
    void propertiesOverrideScores() {
        SpamRules rules = SpamRules.fromProperties(properties("spam.rule.HTML_ONLY.score", " 2.25",
            "spam.rule.MISSING_DATE.score", "-1", "spam.threshold.3", "6", "other.key", "x"), CLOCK);

        assertThat(rules.score("HTML_ONLY")).isEqualTo(2.25);
        assertThat(rules.score("MISSING_DATE")).isEqualTo(-1);
        assertThat(rules.score("FORGED_DATE")).isEqualTo(5.1);
        assertThat(rules.evaluate(parse(html("<p>hello</p>")))).singleElement()
            .satisfies(hit -> assertThat(hit.score()).isEqualTo(2.25));
    }

    @Test
    void aScoreOfZeroTurnsTheRuleOff() {
        SpamRules rules = SpamRules.fromProperties(properties("spam.rule.HTML_ONLY.score", "0"), CLOCK);

        assertThat(rules.evaluate(parse(html("<p>hello</p>")))).isEmpty();
    }

    @Test
    void unknownRulesAndOtherSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> SpamRules.fromProperties(properties("spam.rule.HTML_ONLI.score", "1")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("spam.rule.HTML_ONLI.score: there is no spam rule HTML_ONLI; the rules are MISSING_DATE, ");
        assertThatThrownBy(() -> SpamRules.fromProperties(properties("spam.rule.HTML_ONLY.weight", "1")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("spam.rule.HTML_ONLY.weight: not a spam rule setting; expected spam.rule.<RULE_ID>.score");
        assertThatThrownBy(() -> SpamRules.fromProperties(properties("spam.rule..score", "1")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("spam.rule..score: ");
    }

    @Test
    void scoresMustBeDecimalNumbersWithinRange() {
        for (String bad : List.of("", "high", "1e3", "NaN", "101", "-100.5", "1,5", "2.")) {
            assertThatThrownBy(() -> SpamRules.fromProperties(properties("spam.rule.HTML_ONLY.score", bad)))
                .as(bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spam.rule.HTML_ONLY.score: '" + bad + "' is not a score");
        }
        assertThat(SpamRules.fromProperties(properties("spam.rule.HTML_ONLY.score", "100")).score("HTML_ONLY")).isEqualTo(100);
    }

    @Test
    void customRuleSetsRefuseDuplicateIds() {
        SpamRule rule = SpamRule.of("MY_RULE", 1, "a rule", message -> Optional.empty());

        assertThatThrownBy(() -> SpamRules.of(List.of(rule, rule), new Properties()))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("two spam rules have the id MY_RULE");
        assertThatThrownBy(() -> SpamRules.defaults().score("NO_SUCH_RULE")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SpamRules.key("HTML_ONLY")).isEqualTo("spam.rule.HTML_ONLY.score");
    }

    @Test
    void aFailingRuleIsSkippedAndTheOthersStillCount() {
        SpamRule broken = SpamRule.of("BROKEN", 1, "fails", message -> {
            throw new IllegalStateException("bug");
        });
        SpamRule working = SpamRule.of("WORKING", 1, "hits", message -> Optional.of("found"));

        List<RuleHit> hits = SpamRules.of(List.of(broken, working), new Properties()).evaluate(parse(html("<p>x</p>")));

        assertThat(hits).extracting(RuleHit::ruleId).containsExactly("WORKING");
    }

    @Test
    void evidenceFromTheMessageIsMadePrintable() {
        SpamRule echo = SpamRule.of("ECHO", 1, "echoes", message -> Optional.of("line\nbreak\u202Eflip"));

        assertThat(echo.evaluate(parse(html("<p>x</p>")))).get().extracting(RuleHit::evidence)
            .isEqualTo("line\\u000Abreak\\u202Eflip");
    }
}
