package io.cleanport.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleHitTest {
    @Test
    void holdsARuleItsWeightItsMeaningAndItsEvidence() {
        RuleHit hit = RuleHit.of("DOUBLE_EXTENSION", 2.5, "file name with a double extension",
            "attachment invoice.pdf.exe inside statement.zip");
        assertThat(hit.ruleId()).isEqualTo("DOUBLE_EXTENSION");
        assertThat(hit.score()).isEqualTo(2.5);
        assertThat(hit.description()).isEqualTo("file name with a double extension");
        assertThat(hit.evidence()).isEqualTo("attachment invoice.pdf.exe inside statement.zip");
    }

    @Test
    void acceptsEmptyEvidenceNegativeScoresAndOneZero() {
        assertThat(RuleHit.of("SENDER_ALLOWED", -5, "sender on the allow list", "").evidence()).isEmpty();
        assertThat(RuleHit.of("R", -0.0, "d", "")).isEqualTo(RuleHit.of("R", 0.0, "d", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "eicar", "_RULE", "1RULE", "RULE-ID", "RULE ID", "RÜLE"})
    void refusesMalformedRuleIds(String id) {
        assertThatThrownBy(() -> RuleHit.of(id, 1, "d", "")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("ruleId: ");
    }

    @Test
    void boundsTheLengthOfRuleIds() {
        assertThat(RuleHit.of("R".repeat(RuleHit.MAX_RULE_ID_CHARS), 1, "d", "").ruleId()).hasSize(64);
        assertThatThrownBy(() -> RuleHit.of("R".repeat(RuleHit.MAX_RULE_ID_CHARS + 1), 1, "d", ""))
            .hasMessageStartingWith("ruleId: ");
        assertThatThrownBy(() -> RuleHit.of(null, 1, "d", "")).hasMessageStartingWith("ruleId: ");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1000.5, -1001})
    void refusesScoresThatAreNotFiniteOrOutOfRange(double score) {
        assertThatThrownBy(() -> RuleHit.of("R", score, "d", "")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("score: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "two\nlines", "carriage\rreturn", "tab\there", "right-to-left \u202E override"})
    void refusesDescriptionsThatAreNotOnePrintableLine(String description) {
        assertThatThrownBy(() -> RuleHit.of("R", 1, description, "")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("description: ");
    }

    @Test
    void refusesUnsafeOrOversizedEvidenceAndSaysHowToMakeItSafe() {
        assertThatThrownBy(() -> RuleHit.of("R", 1, "d", "a\r\nX-Injected: yes"))
            .hasMessageStartingWith("evidence: ").hasMessageContaining("Evidence.printable");
        assertThatThrownBy(() -> RuleHit.of("R", 1, "d", "x".repeat(RuleHit.MAX_EVIDENCE_CHARS + 1)))
            .hasMessageStartingWith("evidence: ");
        assertThatThrownBy(() -> RuleHit.of("R", 1, "d", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aRuleMakesHitsWithPrintableEvidence() {
        Rule rule = Rule.of("DOUBLE_EXTENSION", 2, "file name with a double extension");
        RuleHit hit = rule.hit("attachment invoice\u202Efdp.exe\r\n");
        assertThat(hit.evidence()).isEqualTo("attachment invoice\\u202Efdp.exe\\u000D\\u000A");
        assertThat(hit.score()).isEqualTo(2);
        assertThat(rule.withScore(7).hit("x").score()).isEqualTo(7);
        assertThat(rule.hit(null).evidence()).isEmpty();
    }

    @Test
    void aRuleIsValidatedLikeItsHits() {
        assertThatThrownBy(() -> Rule.of("bad id", 1, "d")).hasMessageStartingWith("ruleId: ");
        assertThatThrownBy(() -> Rule.of("R", Double.NaN, "d")).hasMessageStartingWith("score: ");
        assertThatThrownBy(() -> Rule.of("R", 1, "")).hasMessageStartingWith("description: ");
    }
}
