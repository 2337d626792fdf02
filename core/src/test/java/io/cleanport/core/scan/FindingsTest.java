package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Rule;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class FindingsTest {
    private static final Rule TEST = Rule.of("TEST_RULE", 2, "a test rule");

    @Test
    void nothingFoundIsClean() {
        Findings findings = new Findings();
        assertThat(findings.verdict()).isEqualTo(Verdict.clean());
        assertThat(findings.hasVirus()).isFalse();
        assertThat(findings.virusName()).isEmpty();
    }

    @Test
    void informationalHitsKeepTheVerdictClean() {
        Findings findings = new Findings();
        findings.hit(TEST.hit("here"));
        assertThat(findings.verdict()).isEqualTo(Verdict.clean(List.of(TEST.hit("here"))));
        assertThat(findings.hasHit("TEST_RULE")).isTrue();
    }

    @Test
    void theFirstVirusNamedNamesTheVerdict() {
        Findings findings = new Findings();
        findings.hit(TEST.hit("structure"));
        findings.virus("First-Virus", Rule.of("FIRST", 100, "first").hit("part 1"));
        findings.virus("Second-Virus", Rule.of("SECOND", 100, "second").hit("part 2"));
        Verdict verdict = findings.verdict();
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.name()).contains("First-Virus");
        assertThat(verdict.ruleIds()).containsExactly("TEST_RULE", "FIRST", "SECOND");
        assertThat(verdict.score()).isEqualTo(202);
    }

    @Test
    void aRuleCountsOnceAndItsEvidenceListsThePlaces() {
        Findings findings = new Findings();
        for (int i = 1; i <= 10; i++) {
            findings.hit(RuleHit.of("TEST_RULE", i, "a test rule", "part " + i));
        }
        findings.hit(TEST.hit("part 1"));
        assertThat(findings.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.score()).isEqualTo(1);
            assertThat(hit.evidence()).isEqualTo("part 1; part 2; part 3; and 7 more");
        });
    }

    @Test
    void mergedEvidenceStaysWithinBounds() {
        Findings findings = new Findings();
        for (int i = 0; i < 3; i++) {
            findings.hit(TEST.hit(i + "x".repeat(400)));
        }
        assertThat(findings.hits().get(0).evidence()).hasSize(RuleHit.MAX_EVIDENCE_CHARS).endsWith("…");
    }

    @Test
    void refusesAnInvalidVirusNameWhenReported() {
        assertThatThrownBy(() -> new Findings().virus(" bad name", TEST.hit(""))).hasMessageStartingWith("name: ");
    }
}
