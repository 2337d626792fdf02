package io.cleanport.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final RuleHit EICAR = RuleHit.of("EICAR_TEST_FILE", 100, "the EICAR anti-virus test file",
        "attachment 'eicar.com' (part 2, application/octet-stream)");
    private static final RuleHit LIMIT = RuleHit.of("MIME_LIMIT_EXCEEDED", 3, "limit", "more than 1000 MIME parts");
    private static final RuleHit BULK = RuleHit.of("BULK_SENDER", 1.25, "bulk", "");

    @Test
    void cleanHasNoNameNoHitsAndScoreZero() {
        Verdict clean = Verdict.clean();
        assertThat(clean.category()).isEqualTo(Category.CLEAN);
        assertThat(clean.isClean()).isTrue();
        assertThat(clean.name()).isEmpty();
        assertThat(clean.hits()).isEmpty();
        assertThat(clean.score()).isZero();
        assertThat(Verdict.clean(List.of())).isEqualTo(clean);
    }

    @Test
    void aCleanVerdictMayCarryInformationalHits() {
        Verdict verdict = Verdict.clean(List.of(LIMIT));
        assertThat(verdict.isClean()).isTrue();
        assertThat(verdict.score()).isEqualTo(3);
        assertThat(verdict.hit("MIME_LIMIT_EXCEEDED")).contains(LIMIT);
        assertThat(verdict.hit("EICAR_TEST_FILE")).isEmpty();
    }

    @Test
    void aVirusVerdictNamesTheVirusAndScoresTheSumOfItsHits() {
        Verdict verdict = Verdict.virus("EICAR-Test-File", List.of(EICAR, LIMIT));
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.name()).contains("EICAR-Test-File");
        assertThat(verdict.score()).isEqualTo(103);
        assertThat(verdict.ruleIds()).containsExactly("EICAR_TEST_FILE", "MIME_LIMIT_EXCEEDED");
        assertThat(verdict.isClean()).isFalse();
    }

    @Test
    void spamAndContentVerdictsSayWhy() {
        assertThat(Verdict.spam(List.of(BULK)).category()).isEqualTo(Category.SPAM);
        assertThat(Verdict.content(List.of(BULK)).category()).isEqualTo(Category.CONTENT);
        assertThatThrownBy(() -> Verdict.spam(List.of())).hasMessageStartingWith("hits: a spam verdict needs");
        assertThatThrownBy(() -> Verdict.content(List.of())).hasMessageStartingWith("hits: a content verdict needs");
        assertThatThrownBy(() -> Verdict.virus("X", List.of())).hasMessageStartingWith("hits: a virus verdict needs");
    }

    @Test
    void onlyAVirusVerdictHasAName() {
        assertThatThrownBy(() -> Verdict.of(Category.VIRUS, Optional.empty(), List.of(EICAR)))
            .hasMessage("name: a virus verdict names the virus");
        assertThatThrownBy(() -> Verdict.of(Category.SPAM, Optional.of("X"), List.of(BULK)))
            .hasMessage("name: only a virus verdict has a name, not a spam verdict");
        assertThatThrownBy(() -> Verdict.of(Category.CLEAN, Optional.of("X"), List.of()))
            .hasMessageStartingWith("name: ");
    }

    @Test
    void refusesMalformedVirusNames() {
        for (String name : List.of("", " EICAR", "EICAR ", "Tab\tName", "Ünïcode", "x".repeat(Verdict.MAX_NAME_CHARS + 1))) {
            assertThatThrownBy(() -> Verdict.virus(name, List.of(EICAR))).as(name).hasMessageStartingWith("name: ");
        }
        assertThat(Verdict.virus("Win.Trojan.Agent-12345 (heuristic)", List.of(EICAR)).name()).isPresent();
    }

    @Test
    void aRuleHitsOncePerVerdict() {
        assertThatThrownBy(() -> Verdict.clean(List.of(LIMIT, LIMIT)))
            .hasMessageStartingWith("hits: rule MIME_LIMIT_EXCEEDED appears twice");
    }

    @Test
    void boundsTheNumberOfHits() {
        List<RuleHit> hits = new ArrayList<>();
        for (int i = 0; i <= Verdict.MAX_HITS; i++) {
            hits.add(RuleHit.of("RULE_" + i, 0.1, "d", ""));
        }
        assertThatThrownBy(() -> Verdict.clean(hits)).hasMessageStartingWith("hits: 101 rule hits");
        assertThat(Verdict.clean(hits.subList(0, Verdict.MAX_HITS)).hits()).hasSize(Verdict.MAX_HITS);
    }

    @Test
    void isImmutable() {
        List<RuleHit> hits = new ArrayList<>(List.of(EICAR));
        Verdict verdict = Verdict.virus("EICAR-Test-File", hits);
        hits.add(LIMIT);
        assertThat(verdict.hits()).containsExactly(EICAR);
        assertThatThrownBy(() -> verdict.hits().add(LIMIT)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalVerdictsAreEqual() {
        assertThat(Verdict.virus("EICAR-Test-File", List.of(EICAR)))
            .isEqualTo(Verdict.virus("EICAR-Test-File", List.of(EICAR)))
            .hasSameHashCodeAs(Verdict.virus("EICAR-Test-File", List.of(EICAR)))
            .isNotEqualTo(Verdict.virus("Other", List.of(EICAR)));
        assertThat(Verdict.virus("EICAR-Test-File", List.of(EICAR)).toString()).contains("virus", "EICAR-Test-File", "EICAR_TEST_FILE");
    }

    @Test
    void categoriesHaveTheirHeaderNames() {
        assertThat(Category.CLEAN.asString()).isEqualTo("clean");
        assertThat(Category.parse("content")).isEqualTo(Category.CONTENT);
        assertThatThrownBy(() -> Category.parse("VIRUS")).hasMessage("unknown category 'VIRUS'; expected one of clean, virus, spam, content");
    }
}
