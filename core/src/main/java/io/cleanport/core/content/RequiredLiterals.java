package io.cleanport.core.content;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Text that every match of a content rule must contain, so that most rules are ruled out by a plain
 * substring search of the case-folded text instead of a run of their expression. RE2/J has no literal
 * acceleration for case-insensitive expressions, and every content rule is case-insensitive: a run costs
 * some 50 ns per character of text, a substring search a few.
 *
 * <p>Only what is provably required is returned, in lower case: for a phrase its ASCII words; for an
 * expression the runs of ASCII literal characters of its top level that no quantifier makes optional
 * (nothing when it has a top-level alternation). Groups, classes, escapes of letters, anchors and
 * anything unusual end a run; an empty list means "no shortcut", never "no match". Only ASCII is
 * returned because for ASCII the folding of {@link ContentSearch#fold} provably covers RE2's
 * case-insensitive matching.
 */
final class RequiredLiterals {
    /** Shorter runs are nearly always present: not worth a search. */
    static final int MIN_RUN_CHARS = 3;

    private RequiredLiterals() {
    }

    /** The phrase's ASCII words, in lower case. */
    static List<String> ofPhrase(String phrase) {
        List<String> words = new ArrayList<>();
        for (String word : phrase.split(" ")) {
            if (!word.isEmpty() && isAscii(word)) {
                words.add(word.toLowerCase(Locale.ROOT));
            }
        }
        words.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(words);
    }

    /** Literal runs every match of the RE2 expression contains, longest first; empty when none is sure. */
    static List<String> ofExpression(String expression) {
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int i = 0;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            switch (c) {
                case '|' -> {
                    return List.of(); // an alternative may do without any of it
                }
                case '(' -> {
                    flush(run, runs);
                    i = skipGroup(expression, i);
                    if (i < 0) {
                        return List.of();
                    }
                    continue;
                }
                case '[' -> {
                    flush(run, runs);
                    i = skipClass(expression, i);
                    if (i < 0) {
                        return List.of();
                    }
                    continue;
                }
                case '\\' -> {
                    if (i + 1 >= length) {
                        return List.of();
                    }
                    char escaped = expression.charAt(i + 1);
                    if (escaped < 0x80 && !Character.isLetterOrDigit(escaped)) {
                        run.append(escaped); // an escaped punctuation character is itself
                        i += 2;
                    } else {
                        // a class, an assertion, a quoted or hexadecimal character: not followed further
                        flush(run, runs);
                        i = skipEscape(expression, i);
                    }
                    continue;
                }
                case '?', '*' -> {
                    dropLast(run); // the character before may be absent
                    flush(run, runs);
                }
                case '+' -> flush(run, runs); // present, but maybe repeated: the run ends here
                case '{' -> {
                    int end = expression.indexOf('}', i);
                    if (end < 0) {
                        flush(run, runs); // a literal brace: not followed further
                    } else {
                        if (expression.startsWith("{0", i) || expression.startsWith("{,", i)) {
                            dropLast(run);
                        }
                        flush(run, runs);
                        i = end + 1;
                        continue;
                    }
                }
                case '.', '^', '$', ')', ']', '}' -> flush(run, runs);
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        run.append(c);
                    } else {
                        flush(run, runs);
                    }
                }
            }
            i++;
        }
        flush(run, runs);
        runs.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(runs);
    }

    private static void dropLast(StringBuilder run) {
        if (run.length() > 0) {
            run.setLength(run.length() - 1);
        }
    }

    private static void flush(StringBuilder run, List<String> runs) {
        if (run.length() >= MIN_RUN_CHARS) {
            runs.add(run.toString().toLowerCase(Locale.ROOT));
        }
        run.setLength(0);
    }

    /** The index after the group that opens at {@code start}; -1 when it does not close. */
    private static int skipGroup(String expression, int start) {
        int depth = 0;
        int i = start;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\\') {
                i = skipEscape(expression, i);
                continue;
            }
            if (c == '[') {
                i = skipClass(expression, i);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return -1;
    }

    /** The index after the class that opens at {@code start} ({@code []a]} and {@code [^]a]} hold a ']'); -1 when open. */
    private static int skipClass(String expression, int start) {
        int i = start + 1;
        if (i < expression.length() && expression.charAt(i) == '^') {
            i++;
        }
        if (i < expression.length() && expression.charAt(i) == ']') {
            i++;
        }
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\\') {
                i = skipEscape(expression, i);
                continue;
            }
            if (c == '[' && expression.startsWith("[:", i)) {
                int end = expression.indexOf(":]", i + 2);
                i = end < 0 ? i + 1 : end + 2;
                continue;
            }
            if (c == ']') {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** The index after the escape at {@code start}: {@code \p{Greek}}, {@code \x{263a}}, {@code \Q…\E} included. */
    private static int skipEscape(String expression, int start) {
        if (start + 1 >= expression.length()) {
            return expression.length();
        }
        char escaped = expression.charAt(start + 1);
        if (escaped == 'Q') {
            int end = expression.indexOf("\\E", start + 2);
            return end < 0 ? expression.length() : end + 2;
        }
        if ((escaped == 'p' || escaped == 'P' || escaped == 'x') && start + 2 < expression.length()
            && expression.charAt(start + 2) == '{') {
            int end = expression.indexOf('}', start + 3);
            return end < 0 ? expression.length() : end + 1;
        }
        return start + 2;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
