package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text as the reader sees it, bounded. */
class MessageTextTest {
    private static MessageText appended(int maxChars, String chars) {
        MessageText text = new MessageText(maxChars);
        chars.chars().forEach(c -> text.append((char) c));
        return text;
    }

    @Test
    void charactersThatShowNothingAreLeftOut() {
        assertThat(appended(100, "fr\u00ADee mo\u200Bney\u00A0now\uFEFF")).hasToString("free money now");
    }

    @Test
    void keptUpToTheBound() {
        MessageText exact = appended(5, "abcde");
        assertThat(exact).hasToString("abcde");
        assertThat(exact.full()).isTrue();
        assertThat(exact.truncated()).isFalse();

        MessageText cut = appended(5, "abcdefg");
        assertThat(cut).hasToString("abcde");
        assertThat(cut.truncated()).isTrue();
    }

    @Test
    void halfACharacterAtTheCutIsNone() {
        MessageText cut = appended(3, "ab\uD83D\uDE00");
        assertThat(cut).hasToString("ab");
        assertThat(cut.truncated()).isTrue();
    }

    @Test
    void whitespaceCollapsesAndLinesEnd() {
        MessageText text = new MessageText(100);
        text.endLine();
        " a \t\u00A0 b ".chars().forEach(c -> text.appendCollapsed((char) c));
        text.endLine();
        text.endLine();
        "c ".chars().forEach(c -> text.appendCollapsed((char) c));
        text.endLineTrimmed();
        text.endLineTrimmed();
        assertThat(text).hasToString("a b \nc\n");
        assertThat(text.last()).isEqualTo('\n');
    }
}
