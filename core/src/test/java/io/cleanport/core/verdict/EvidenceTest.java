package io.cleanport.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvidenceTest {
    @Test
    void keepsOrdinaryTextIncludingNonAsciiLetters() {
        assertThat(Evidence.printable("attachment 'Rechnung März.pdf' (part 2, application/pdf)"))
            .isEqualTo("attachment 'Rechnung März.pdf' (part 2, application/pdf)");
        assertThat(Evidence.printable("emoji 📎 stays")).isEqualTo("emoji 📎 stays");
    }

    @Test
    void showsLineBreaksControlsAndHidingCharactersAsEscapes() {
        assertThat(Evidence.printable("a\r\nb\u0000c\u007f")).isEqualTo("a\\u000D\\u000Ab\\u0000c\\u007F");
        assertThat(Evidence.printable("invoice\u202Efdp.exe")).isEqualTo("invoice\\u202Efdp.exe");
        assertThat(Evidence.printable("zero\u200Bwidth\u2028line\u2066isolate")).isEqualTo("zero\\u200Bwidth\\u2028line\\u2066isolate");
        assertThat(Evidence.printable("lone \uD83D surrogate")).isEqualTo("lone \\uD83D surrogate");
    }

    @Test
    void nullIsEmpty() {
        assertThat(Evidence.printable(null)).isEmpty();
    }

    @Test
    void cutsLongTextWithAnEllipsis() {
        String cut = Evidence.printable("x".repeat(10_000));
        assertThat(cut).hasSize(RuleHit.MAX_EVIDENCE_CHARS).endsWith("…");
        assertThat(Evidence.printable("x".repeat(RuleHit.MAX_EVIDENCE_CHARS))).isEqualTo("x".repeat(RuleHit.MAX_EVIDENCE_CHARS));
        String escapes = Evidence.printable("\n".repeat(10_000));
        assertThat(escapes).hasSizeLessThanOrEqualTo(RuleHit.MAX_EVIDENCE_CHARS);
        assertThat(Evidence.isPrintable(escapes)).isTrue();
    }

    @Test
    void neverCutsASurrogatePairInTwo() {
        String text = "a" + "📎".repeat(10);
        String cut = Evidence.truncate(text, 6);
        assertThat(cut).hasSizeLessThanOrEqualTo(6).endsWith("…");
        assertThat(Evidence.isPrintable(cut)).isTrue();
        assertThat(Evidence.truncate("short", 10)).isEqualTo("short");
    }
}
