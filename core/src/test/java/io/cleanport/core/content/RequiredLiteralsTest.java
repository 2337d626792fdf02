package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/** Only text every match contains: a shortcut must never cost a hit. */
class RequiredLiteralsTest {
    @Test
    void phraseWords() {
        assertThat(RequiredLiterals.ofPhrase("Cheap Pills online")).containsExactly("online", "cheap", "pills");
        assertThat(RequiredLiterals.ofPhrase("caf\u00e9 au lait")).containsExactly("lait", "au");
    }

    @Test
    void expressionRuns() {
        assertThat(RequiredLiterals.ofExpression("free\\s+money")).containsExactly("money", "free");
        assertThat(RequiredLiterals.ofExpression("https?://[a-z]+\\.example\\.com")).containsExactly(".example.com", "http", "://");
        assertThat(RequiredLiterals.ofExpression("colou?r")).containsExactly("colo");
        assertThat(RequiredLiterals.ofExpression("invoices?")).containsExactly("invoice");
        assertThat(RequiredLiterals.ofExpression("abcd*e")).containsExactly("abc");
        assertThat(RequiredLiterals.ofExpression("abc{0,3}def")).containsExactly("def");
        assertThat(RequiredLiterals.ofExpression("abc{2}def")).containsExactly("abc", "def");
        assertThat(RequiredLiterals.ofExpression("viagra|cialis")).isEmpty();
        assertThat(RequiredLiterals.ofExpression("(viagra|cialis) now!!")).containsExactly(" now!!");
        assertThat(RequiredLiterals.ofExpression("\\bwin(ner)?\\b")).containsExactly("win");
        assertThat(RequiredLiterals.ofExpression("[|]abc[]|x]def")).containsExactly("abc", "def");
        assertThat(RequiredLiterals.ofExpression("\\Qa|b\\Eabc\\p{Greek}def\\x{41}ghi")).containsExactly("abc", "def", "ghi");
        assertThat(RequiredLiterals.ofExpression("(?i)Winner")).containsExactly("winner");
        assertThat(RequiredLiterals.ofExpression("\u00e9t\u00e9 abc")).containsExactly(" abc");
    }

    /** Random expressions and texts: whenever RE2 finds a match, the folded text holds every required run. */
    @Test
    void everyMatchContainsWhatIsRequired() {
        Random random = new Random(11);
        String[] atoms = {"a", "b", "c", "k", "K", "s", "S", "ab", "abc", " ", "\\.", ".", "[ab]", "[^a]", "(ab|c)", "(?:bc)",
            "(a)", "\\d", "\\s", "\\b", "^", "$", "1", "x", "{", "}", "[]a]", "(?i)", "(?-i)", "\\Qk|\\E", "\\x{4B}"};
        String[] quantifiers = {"", "", "", "?", "*", "+", "{0,2}", "{1,3}", "{2}", "??", "+?", "{0}", "{,2}"};
        char[] alphabet = {'a', 'b', 'c', 'k', 'K', 's', 'S', '\u017F', '\u212A', ' ', '.', '1', '|', '{', '}', 'x'};
        int checkedMatches = 0;
        for (int r = 0; r < 3000; r++) {
            StringBuilder expression = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                expression.append(atoms[random.nextInt(atoms.length)]);
                expression.append(quantifiers[random.nextInt(quantifiers.length)]);
                if (random.nextInt(20) == 0) {
                    expression.append('|');
                }
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(expression.toString(), Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                continue;
            }
            List<String> required = RequiredLiterals.ofExpression(pattern.pattern());
            for (int t = 0; t < 30; t++) {
                StringBuilder text = new StringBuilder();
                int textLength = random.nextInt(24);
                for (int i = 0; i < textLength; i++) {
                    text.append(alphabet[random.nextInt(alphabet.length)]);
                }
                if (random.nextBoolean()) {
                    // plant something close to the expression, so that matches are frequent
                    text.insert(random.nextInt(text.length() + 1), expression.toString().replaceAll("[\\\\()\\[\\]?*+^$|{}]", ""));
                }
                if (pattern.matcher(text).find()) {
                    checkedMatches++;
                    String folded = ContentSearch.fold(text.toString());
                    for (String literal : required) {
                        assertThat(folded).as("/%s/ matched '%s'", expression, text).contains(literal);
                    }
                }
            }
        }
        assertThat(checkedMatches).isGreaterThan(5000);
    }
}
