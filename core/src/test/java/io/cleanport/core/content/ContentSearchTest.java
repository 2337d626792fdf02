package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The shortcuts find exactly what the rule's pattern finds on the whole text. */
class ContentSearchTest {
    private static final String[] WORDS = {"free", "money", "kiss", "ask", "sk", "c++", "e-mail", "$100", "a", "ss"};
    private static final String[] PIECES = {"free", "FREE", "money", "Mon\u212Aey", "kiss", "\u212Ai\u017F\u017F", "ask", "c++",
        "e-mail", "$100", "a", " ", "  ", "\n", "\t", "\r\n", ".", ",", "-", "x", "\u00e9", "_", "1", "carefree", "moneybox", "\u00a0",
        "\u0436", "\uD801\uDC00"};

    @Test
    void foldKeepsEveryCharacterInPlace() {
        assertThat(ContentSearch.fold("\u212Aelvin \u017Fun STRASSE")).isEqualTo("kelvin sun strasse");
        assertThat(ContentSearch.fold("\uD801\uDC00x")).isEqualTo("\uD801\uDC28x"); // Deseret capital long I
        assertThat(ContentSearch.fold("\u0130stanbul")).hasSize(8);
        assertThat(ContentSearch.fold("a\uD801")).isEqualTo("a\uD801"); // a lone surrogate stays
    }

    @Test
    void phrasesMatchAsThePatternDoes() {
        Random random = new Random(5);
        int hits = 0;
        for (int r = 0; r < 400; r++) {
            StringBuilder phrase = new StringBuilder();
            int words = 1 + random.nextInt(3);
            for (int w = 0; w < words; w++) {
                phrase.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            ContentRule rule = ContentRule.parse("content", phrase.toString(), null, null);
            hits += compare(rule, random);
        }
        assertThat(hits).isGreaterThan(1000);
    }

    @Test
    void expressionsMatchAsThePatternDoes() {
        String[] expressions = {"/free\\s+money/", "/^free/", "/money$/", "/k[i\u00e9]ss/", "/\\bask\\b/", "/(free|kiss)+ money/",
            "/c\\+\\+ e-mail/", "/\\$100/", "/a{2,}/", "/x.?y/"};
        Random random = new Random(6);
        int hits = 0;
        for (String expression : expressions) {
            hits += compare(ContentRule.parse("content", expression, null, null), random);
        }
        assertThat(hits).isGreaterThan(100);
    }

    private static int compare(ContentRule rule, Random random) {
        int hits = 0;
        for (int t = 0; t < 200; t++) {
            StringBuilder text = new StringBuilder();
            int pieces = random.nextInt(14);
            for (int i = 0; i < pieces; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            if (random.nextInt(3) == 0) {
                text.insert(random.nextInt(text.length() + 1), rule.value().replace("/", ""));
            }
            String value = text.toString();
            boolean expected = rule.pattern().orElseThrow().matcher(value).find();
            boolean found = ContentSearch.of(rule).find(value, ContentSearch.fold(value)).isPresent();
            assertThat(found).as("%s in '%s'", rule.value(), value).isEqualTo(expected);
            hits += expected ? 1 : 0;
        }
        return hits;
    }
}
