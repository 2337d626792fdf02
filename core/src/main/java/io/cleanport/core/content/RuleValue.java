package io.cleanport.core.content;

import java.util.Locale;
import java.util.Optional;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.policy.PolicyValidationException;

/**
 * The value of a content rule, checked and normalised by the syntax of its type (see {@link ContentRule}),
 * with what matching needs already worked out: the compiled pattern, the attachment kind, the size.
 * Every failure is a {@link ContentRuleValidationException} on field {@code value}.
 */
final class RuleValue {
    private static final String FIELD = ContentRule.VALUE_FIELD;
    /** RFC 6838 restricted-name-chars besides letters and digits. */
    private static final String MIME_NAME_SPECIALS = "!#$&-^_.+";
    private static final int MAX_MIME_NAME_LENGTH = 127;
    /** Outside a word: not a letter, mark, digit or underscore (Unicode-aware, unlike RE2's ASCII-only \b). */
    private static final String NON_WORD = "[^\\p{L}\\p{M}\\p{N}_]";

    final String value;
    final AttachmentKind attachmentKind;
    final AttachmentFamily attachmentFamily;
    final Pattern pattern;
    final boolean regularExpression;
    final String headerName;
    final long sizeBytes;

    private RuleValue(String value, AttachmentKind attachmentKind, AttachmentFamily attachmentFamily, Pattern pattern,
                      boolean regularExpression, String headerName, long sizeBytes) {
        this.value = value;
        this.attachmentKind = attachmentKind;
        this.attachmentFamily = attachmentFamily;
        this.pattern = pattern;
        this.regularExpression = regularExpression;
        this.headerName = headerName;
        this.sizeBytes = sizeBytes;
    }

    private static RuleValue plain(String value) {
        return new RuleValue(value, null, null, null, false, null, 0);
    }

    static RuleValue parse(ContentRuleType type, String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            throw invalid((raw == null ? "is required" : "must not be empty") + "; a " + type + " rule takes " + expected(type));
        }
        return switch (type) {
            case SENDER -> sender(text);
            case SENDER_DOMAIN -> senderDomain(text);
            case ATTACHMENT -> attachment(text);
            case CONTENT -> content(text);
            case HEADER -> header(text);
            case SIZE -> size(text);
        };
    }

    /** What a value of {@code type} looks like, for messages. */
    static String expected(ContentRuleType type) {
        return switch (type) {
            case SENDER -> "one address, such as bob@example.org";
            case SENDER_DOMAIN -> "a domain name, such as example.org (its subdomains are included)";
            case ATTACHMENT -> "a file extension (exe or .exe), a type family (" + AttachmentFamily.accepted()
                + ") or a MIME type (application/pdf, or image/* for every image type)";
            case CONTENT -> "words or a phrase, or a regular expression between slashes, such as /free\\s+money/";
            case HEADER -> "a header name, a colon and a regular expression, such as Subject: ^\\[external\\]";
            case SIZE -> "a whole number of bytes from 1 to " + ContentRule.MAX_SIZE_BYTES;
        };
    }

    private static RuleValue sender(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw invalid("'" + text + "' is not an address; a sender rule takes " + expected(ContentRuleType.SENDER)
                + " (a whole domain is a senderDomain rule)");
        }
        LocalPart local;
        DomainName domain;
        try {
            local = LocalPart.of(text.substring(0, at));
            domain = DomainName.of(text.substring(at + 1));
        } catch (PolicyValidationException e) {
            throw invalid(e.problem());
        }
        return plain(local.value() + "@" + domain.name());
    }

    private static RuleValue senderDomain(String text) {
        // "@example.org", as the sender lists write a domain, is accepted too.
        String name = text.startsWith("@") ? text.substring(1) : text;
        try {
            return plain(DomainName.of(name).name());
        } catch (PolicyValidationException e) {
            throw invalid(e.problem());
        }
    }

    private static RuleValue attachment(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.indexOf('/') >= 0) {
            return mimePattern(text, lower);
        }
        Optional<AttachmentFamily> family = AttachmentFamily.find(lower);
        if (family.isPresent()) {
            return new RuleValue(lower, AttachmentKind.FAMILY, family.get(), null, false, null, 0);
        }
        // Stored with its dot, so that ".pdf" (the name) and "pdf" (the detected family) stay distinct.
        String extension = lower.startsWith(".") ? lower.substring(1) : lower;
        if (extension.isEmpty() || extension.length() > ContentRule.MAX_EXTENSION_LENGTH
            || !extension.chars().allMatch(RuleValue::isLowerAlphanumeric)) {
            throw invalid("'" + text + "' is not a file extension (1 to " + ContentRule.MAX_EXTENSION_LENGTH
                + " letters a-z or digits, with or without a leading dot: exe, .exe), nor a type family ("
                + AttachmentFamily.accepted() + "), nor a MIME type (type/subtype or type/*)");
        }
        return new RuleValue("." + extension, AttachmentKind.EXTENSION, null, null, false, null, 0);
    }

    private static RuleValue mimePattern(String text, String lower) {
        int slash = lower.indexOf('/');
        String type = lower.substring(0, slash);
        String subtype = lower.substring(slash + 1);
        if (type.equals("*")) {
            throw invalid("'" + text + "' would match every attachment; name a type, such as image/* or application/pdf");
        }
        boolean valid = isMimeName(type) && (subtype.equals("*") || isMimeName(subtype));
        if (!valid) {
            throw invalid("'" + text + "' is not a MIME type pattern: expected type/subtype or type/*, each name 1 to 127"
                + " letters, digits or !#$&-^_.+ starting with a letter or digit (RFC 6838)");
        }
        return new RuleValue(lower, AttachmentKind.MIME_PATTERN, null, null, false, null, 0);
    }

    private static RuleValue content(String text) {
        if (text.length() >= 2 && text.startsWith("/") && text.endsWith("/")) {
            return contentRegex(text);
        }
        String phrase = String.join(" ", text.split("\\s+"));
        checkNoControlCharacter(phrase, "a phrase");
        if (phrase.length() > ContentRule.MAX_PHRASE_LENGTH) {
            throw invalid("the phrase is " + phrase.length() + " characters long; at most " + ContentRule.MAX_PHRASE_LENGTH
                + " are accepted");
        }
        return new RuleValue(phrase, null, null, phrasePattern(phrase), false, null, 0);
    }

    private static RuleValue contentRegex(String text) {
        if (text.length() > ContentRule.MAX_REGEX_LENGTH) {
            throw invalid("the regular expression is " + text.length() + " characters long with its slashes; at most "
                + ContentRule.MAX_REGEX_LENGTH + " are accepted");
        }
        String expression = text.substring(1, text.length() - 1);
        if (expression.isEmpty()) {
            throw invalid("'//' is an empty regular expression; it would hit every message");
        }
        Pattern pattern = compile(expression);
        if (pattern.matcher("").find()) {
            throw invalid("the regular expression " + text + " matches empty text, so it would hit every message;"
                + " make it require at least one character (+ instead of *, no optional-only expression)");
        }
        return new RuleValue(text, null, null, pattern, true, null, 0);
    }

    private static RuleValue header(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw invalid("'" + text + "' has no colon; a header rule takes " + expected(ContentRuleType.HEADER));
        }
        String name = text.substring(0, colon).strip();
        String expression = text.substring(colon + 1).strip();
        if (name.isEmpty()) {
            throw invalid("the header name before the colon is empty; a header rule takes " + expected(ContentRuleType.HEADER));
        }
        if (name.length() > ContentRule.MAX_HEADER_NAME_LENGTH) {
            throw invalid("the header name is " + name.length() + " characters long; at most "
                + ContentRule.MAX_HEADER_NAME_LENGTH + " are accepted");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // RFC 5322 field-name: printable US-ASCII except the colon
            if (c < 33 || c > 126) {
                throw invalid("the header name '" + name + "' contains " + describe(c)
                    + "; a header name is printable ASCII without spaces or colons (RFC 5322)");
            }
        }
        if (expression.isEmpty()) {
            throw invalid("the regular expression after '" + name + ":' is empty; use .* to match any value of the header");
        }
        if (expression.length() > ContentRule.MAX_REGEX_LENGTH) {
            throw invalid("the regular expression is " + expression.length() + " characters long; at most "
                + ContentRule.MAX_REGEX_LENGTH + " are accepted");
        }
        return new RuleValue(name + ": " + expression, null, null, compile(expression), true, name, 0);
    }

    private static RuleValue size(String text) {
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid("'" + text + "' is not a number of bytes; a size rule takes " + expected(ContentRuleType.SIZE)
                + ", written as digits only (10485760 for 10 MiB: suffixes such as MB or KB are not accepted)");
        }
        // more digits than a long holds is out of range all the same
        long bytes = text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
        if (bytes < 1 || bytes > ContentRule.MAX_SIZE_BYTES) {
            throw invalid("must be from 1 to " + ContentRule.MAX_SIZE_BYTES + " bytes (got " + text + ")");
        }
        return new RuleValue(Long.toString(bytes), null, null, null, false, null, bytes);
    }

    /**
     * The expression compiled case-insensitively. It is first compiled as written, so that a syntax
     * error quotes the administrator's text, not the flag RE2/J adds for case-insensitivity.
     */
    private static Pattern compile(String expression) {
        try {
            Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw invalid("invalid regular expression: " + e.getMessage());
        }
        Pattern pattern = Pattern.compile(expression, Pattern.CASE_INSENSITIVE);
        checkComplexity(pattern);
        return pattern;
    }

    /** Matching costs time proportional to the text times the program: bound the program. */
    private static void checkComplexity(Pattern pattern) {
        if (pattern.programSize() > ContentRule.MAX_PROGRAM_SIZE) {
            throw invalid("the regular expression is too complex (" + pattern.programSize() + " instructions, at most "
                + ContentRule.MAX_PROGRAM_SIZE + "); use smaller repetition counts");
        }
    }

    /**
     * The phrase's words in that order, separated by any whitespace, not inside longer words: a
     * boundary is required before a phrase that starts with a letter or digit and after one that ends
     * with one ("free money" does not hit "carefree moneybox").
     */
    private static Pattern phrasePattern(String phrase) {
        StringBuilder expression = new StringBuilder();
        if (isWordCharacter(phrase.codePointAt(0))) {
            expression.append("(?:^|").append(NON_WORD).append(')');
        }
        String[] words = phrase.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                expression.append("\\s+");
            }
            expression.append(Pattern.quote(words[i]));
        }
        if (isWordCharacter(phrase.codePointBefore(phrase.length()))) {
            expression.append("(?:").append(NON_WORD).append("|$)");
        }
        Pattern pattern = Pattern.compile(expression.toString(), Pattern.CASE_INSENSITIVE);
        checkComplexity(pattern);
        return pattern;
    }

    private static boolean isWordCharacter(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetterOrDigit(codePoint) || codePoint == '_' || type == Character.NON_SPACING_MARK
            || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private static void checkNoControlCharacter(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.getType(text.charAt(i)) == Character.CONTROL) {
                throw invalid(what + " must not contain control characters (found " + describe(text.charAt(i)) + ")");
            }
        }
    }

    static String describe(char c) {
        return c >= 33 && c <= 126 ? "'" + c + "'" : String.format(Locale.ROOT, "U+%04X", (int) c);
    }

    private static ContentRuleValidationException invalid(String problem) {
        return new ContentRuleValidationException(FIELD, problem);
    }

    private static boolean isLowerAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** RFC 6838 restricted-name (lower-cased): a letter or digit, then up to 126 letters, digits and !#$&-^_.+ */
    private static boolean isMimeName(String name) {
        if (name.isEmpty() || name.length() > MAX_MIME_NAME_LENGTH || !isLowerAlphanumeric(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> isLowerAlphanumeric(c) || MIME_NAME_SPECIALS.indexOf(c) >= 0);
    }
}
