package io.cleanport.core.content;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Finds a {@code content} rule's pattern in a text as cheaply as the rule allows, and never misses a match
 * its pattern would find.
 *
 * <p>RE2/J has no literal acceleration for case-insensitive expressions, and every content rule is
 * case-insensitive: a search costs some 50 ns per character, which for a thousand rules and a long text is
 * far too much. So, on the case-folded text ({@link #fold}):
 * <ol>
 *   <li>a rule whose {@link RequiredLiterals required literals} are not all in the text cannot match, and
 *       is skipped after a few substring searches;</li>
 *   <li>a phrase (ASCII words) is searched only around the places where its first word occurs: a phrase's
 *       match consists of its words' characters and whitespace, between two boundary characters, so it lies
 *       within the longest run of such characters around an occurrence and one character on each side. The
 *       pattern runs on that window alone, with a guard character (a letter no ASCII phrase can match) at
 *       each inner edge so that {@code ^} and {@code $} still mean the ends of the text;</li>
 *   <li>anything else runs the pattern on the whole text.</li>
 * </ol>
 * The answer is the pattern's own in every case; the rest only decides where it runs. Thread-safe;
 * searches are cached per rule text.
 */
final class ContentSearch {
    /** Rule texts kept: far more than all the content rules of a gateway. */
    private static final int MAX_CACHED = 100_000;
    private static final Map<String, ContentSearch> CACHE = new ConcurrentHashMap<>();

    private final Pattern pattern;
    private final List<String> required;
    /** The phrase's first word, lower case, when the window search applies. */
    private final String firstWord;
    /** The ASCII characters a phrase's words are made of, folded. */
    private final boolean[] phraseCharacters;

    private ContentSearch(Pattern pattern, List<String> required, String firstWord, boolean[] phraseCharacters) {
        this.pattern = pattern;
        this.required = required;
        this.firstWord = firstWord;
        this.phraseCharacters = phraseCharacters;
    }

    /** The search for a {@code content} rule. */
    static ContentSearch of(ContentRule rule) {
        String key = (rule.isRegularExpression() ? "e:" : "p:") + rule.value();
        ContentSearch search = CACHE.get(key);
        if (search != null && search.pattern.equals(rule.pattern().orElseThrow())) {
            return search;
        }
        search = create(rule);
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear(); // the rules changed a lot: start again rather than grow
        }
        CACHE.put(key, search);
        return search;
    }

    private static ContentSearch create(ContentRule rule) {
        Pattern pattern = rule.pattern().orElseThrow();
        if (rule.isRegularExpression()) {
            return new ContentSearch(pattern, RequiredLiterals.ofExpression(pattern.pattern()), null, null);
        }
        String phrase = rule.value();
        List<String> required = RequiredLiterals.ofPhrase(phrase);
        if (!isAscii(phrase)) {
            return new ContentSearch(pattern, required, null, null);
        }
        boolean[] characters = new boolean[128];
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (c != ' ') {
                characters[Character.toLowerCase(c)] = true;
            }
        }
        String first = phrase.split(" ")[0].toLowerCase(Locale.ROOT);
        return new ContentSearch(pattern, required, first, characters);
    }

    /**
     * The first match in {@code text}, if any.
     *
     * @param folded {@code fold(text)}
     */
    Optional<String> find(String text, String folded) {
        for (String literal : required) {
            if (!folded.contains(literal)) {
                return Optional.empty();
            }
        }
        if (firstWord == null || firstWord.isEmpty()) {
            Matcher matcher = pattern.matcher(text);
            return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
        }
        int searchedUpTo = 0;
        for (int at = folded.indexOf(firstWord); at >= 0; at = folded.indexOf(firstWord, at + 1)) {
            if (at < searchedUpTo) {
                continue; // inside a window already searched
            }
            int start = at;
            while (start > 0 && inPhrase(folded.charAt(start - 1))) {
                start--;
            }
            int end = at;
            while (end < folded.length() && inPhrase(folded.charAt(end))) {
                end++;
            }
            // one whole character on each side, for the boundaries
            int from = Math.max(0, start - 1);
            if (from > 0 && Character.isLowSurrogate(text.charAt(from)) && Character.isHighSurrogate(text.charAt(from - 1))) {
                from--;
            }
            int to = Math.min(text.length(), end + 1);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1)) && Character.isLowSurrogate(text.charAt(to))) {
                to++;
            }
            Matcher matcher = pattern.matcher(new Window(text, from, to));
            if (matcher.find()) {
                return Optional.of(matcher.group());
            }
            searchedUpTo = end;
        }
        return Optional.empty();
    }

    /** Whether a folded character can be inside a match of the phrase: one of its words' characters, or a space. */
    private boolean inPhrase(char c) {
        if (c < 128) {
            return phraseCharacters[c] || c <= ' ';
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * Each code point upper-cased then lower-cased, keeping every character at its index. {@code K} and the
     * Kelvin sign become {@code k}, the long s {@code s}: RE2's case-insensitive matching takes an ASCII
     * letter as equal to its other case and, for k and s, to those two signs only; so ASCII text RE2 would
     * find case-insensitively is in the folded text in lower case, at the same place.
     */
    static String fold(String text) {
        char[] folded = new char[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                folded[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                int f = Character.toLowerCase(Character.toUpperCase(codePoint));
                boolean samePlane = Character.charCount(f) == 2;
                folded[i] = samePlane ? Character.highSurrogate(f) : c;
                folded[i + 1] = samePlane ? Character.lowSurrogate(f) : text.charAt(i + 1);
                i++;
            } else {
                int f = Character.toLowerCase(Character.toUpperCase((int) c));
                folded[i] = Character.charCount(f) == 1 ? (char) f : c;
            }
        }
        return new String(folded);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * A part of the text, with a guard letter at each edge that is not an end of the text: no part of a
     * phrase pattern can match it (a letter, not ASCII, not a space), so {@code ^} and {@code $} cannot
     * match there either.
     */
    private static final class Window implements CharSequence {
        private static final char GUARD = '\u0436';

        private final String text;
        private final int start;
        private final int end;
        private final int left;
        private final int length;

        Window(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.left = start > 0 ? 1 : 0;
            this.length = left + (end - start) + (end < text.length() ? 1 : 0);
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            int position = index - left;
            if (position < 0 || position >= end - start) {
                if (index < 0 || index >= length) {
                    throw new IndexOutOfBoundsException(index);
                }
                return GUARD;
            }
            return text.charAt(start + position);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            StringBuilder part = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                part.append(charAt(i));
            }
            return part.toString();
        }

        @Override
        public String toString() {
            return subSequence(0, length).toString();
        }
    }
}
