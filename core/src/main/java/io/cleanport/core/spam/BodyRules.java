package io.cleanport.core.spam;

import static io.cleanport.core.spam.EvidenceRule.quoted;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rules about the message's body: its parts, its text and its HTML. */
final class BodyRules {
    /** Hidden text shorter than this is layout (a spacer), not a message to filters. */
    static final int MIN_HIDDEN_LETTERS = 8;
    /** Fewer letters than this beside an image is "almost no text". */
    static final int MAX_IMAGE_ONLY_LETTERS = 60;
    /** The phrase rules read this much of the text: what a reader sees first. */
    static final int MAX_MATCHED_CHARS = 100_000;
    private static final Pattern IMPERSONAL_GREETING = Pattern.compile(
        "\\bdear\\s+(?:friends?|sir(?:\\s*(?:or|/)\\s*madam)?|madam|valued\\s+(?:customer|member)|customer|member|user|beloved|"
            + "investor|account\\s+holder)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOTS_OF_MONEY = Pattern.compile(
        "(?:US)?\\$\\s?[0-9]{1,3}(?:,[0-9]{3}){2,}|\\$\\s?[0-9]+(?:\\.[0-9]+)?\\s?million\\b|\\bmillions?\\s+(?:of\\s+)?(?:US\\s+)?dollars\\b"
            + "|\\bUSD\\s?[0-9]{1,3}(?:,[0-9]{3}){2,}", Pattern.CASE_INSENSITIVE);

    private BodyRules() {
    }

    static List<SpamRule> rules() {
        return List.of(
            SpamRule.of("HTML_ONLY", 3.2, "HTML without a plain text alternative", BodyRules::htmlOnly),
            SpamRule.of("HIDDEN_TEXT", 2.0, "HTML text hidden from the reader (invisible style, tiny or background-coloured)",
                BodyRules::hiddenText),
            SpamRule.of("IMAGE_ONLY", 1.5, "images and almost no text", BodyRules::imageOnly),
            SpamRule.of("SUSPICIOUS_CHARSET", 1.7, "a text part in an unknown charset, or not in the charset it declares",
                m -> EvidenceRule.listed(details(m, StructureProblem.CHARSET))),
            SpamRule.of("IMPERSONAL_GREETING", 2.0, "greets a stranger: \"Dear Friend\", \"Dear Sir or Madam\", \"Dear Valued Customer\"",
                m -> firstMatch(m, IMPERSONAL_GREETING, "dear")),
            SpamRule.of("LOTS_OF_MONEY", 3.7, "talks of large sums: \"$1,000,000\", \"10 million dollars\"",
                m -> firstMatch(m, LOTS_OF_MONEY, "$", "million", "usd")));
    }

    /**
     * The first match of {@code pattern} in the first {@value #MAX_MATCHED_CHARS} characters of the text, quoted.
     * The pattern runs only when the text holds one of {@code needles} (lower case; every match of the pattern
     * contains one, whatever its case): a case-insensitive alternation tried at every position of a long text
     * costs far more than looking for a word.
     */
    private static Optional<String> firstMatch(SpamMessage message, Pattern pattern, String... needles) {
        String text = message.text();
        String read = text.length() > MAX_MATCHED_CHARS ? text.substring(0, MAX_MATCHED_CHARS) : text;
        if (Arrays.stream(needles).noneMatch(needle -> containsIgnoreCase(read, needle))) {
            return Optional.empty();
        }
        Matcher matcher = pattern.matcher(read);
        return matcher.find() ? Optional.of("text " + quoted(matcher.group())) : Optional.empty();
    }

    /** Whether {@code text} holds {@code needle} (lower case), ASCII letters in either case, as the patterns match. */
    private static boolean containsIgnoreCase(String text, String needle) {
        for (int at = 0; at + needle.length() <= text.length(); at++) {
            if (asciiLower(text.charAt(at)) == needle.charAt(0) && startsAt(text, at, needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsAt(String text, int at, String needle) {
        for (int i = 1; i < needle.length(); i++) {
            if (asciiLower(text.charAt(at + i)) != needle.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** The problems of one kind, without their label. */
    static List<String> details(SpamMessage message, StructureProblem kind) {
        return message.structureProblems().stream().filter(kind::matches)
            .map(problem -> problem.substring(kind.label().length() + 2)).toList();
    }

    private static boolean isBodyText(SpamMessage.Part part, String type) {
        return part.contentType().equals(type) && part.fileName().isEmpty();
    }

    private static Optional<String> htmlOnly(SpamMessage message) {
        boolean html = message.parts().stream().anyMatch(part -> isBodyText(part, "text/html"));
        boolean plain = message.parts().stream().anyMatch(part -> isBodyText(part, "text/plain") && part.size() > 0);
        return html && !plain ? Optional.of("text/html without a text/plain part") : Optional.empty();
    }

    private static Optional<String> hiddenText(SpamMessage message) {
        String hidden = message.hiddenText();
        long letters = hidden.codePoints().filter(Character::isLetter).count();
        return letters >= MIN_HIDDEN_LETTERS ? Optional.of("hidden text " + quoted(hidden)) : Optional.empty();
    }

    private static Optional<String> imageOnly(SpamMessage message) {
        long images = message.parts().stream().filter(SpamMessage.Part::isImage).count() + countImgTags(message.html());
        if (images == 0) {
            return Optional.empty();
        }
        long letters = message.text().codePoints().filter(Character::isLetter).count();
        return letters < MAX_IMAGE_ONLY_LETTERS
            ? Optional.of(images + (images == 1 ? " image" : " images") + " and " + letters + " letters of text")
            : Optional.empty();
    }

    /** {@code <img} elements, in any case. */
    private static long countImgTags(String html) {
        long count = 0;
        for (int i = html.indexOf('<'); i >= 0 && i + 4 <= html.length(); i = html.indexOf('<', i + 1)) {
            if (html.regionMatches(true, i + 1, "img", 0, 3) && i + 4 < html.length()
                && !Character.isLetterOrDigit(html.charAt(i + 4))) {
                count++;
            }
        }
        return count;
    }
}
