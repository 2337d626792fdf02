package io.cleanport.core.content;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import com.google.re2j.Pattern;

import io.cleanport.core.message.CrockfordBase32;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.policy.PolicyLimits;

/**
 * A content filter rule of a protected domain or of one of its recipients: what to look for in a message
 * ({@link #type()} and {@link #value()}), and optionally what to do with a message it hits
 * ({@link #action()}; without one, the recipient's policy for content applies) and a note for the
 * administrators ({@link #description()}).
 *
 * <p>Immutable and validated on construction; a bad part is a {@link ContentRuleValidationException}
 * naming {@code type}, {@code value}, {@code action} or {@code description}, with a message that says
 * what is accepted. The value is normalised; by type:
 *
 * <dl>
 *   <dt>{@code sender}</dt>
 *   <dd>one address, lower-cased, its domain in ASCII form: {@code bob@example.org}.</dd>
 *   <dt>{@code senderDomain}</dt>
 *   <dd>a domain name, lower-cased, in ASCII form ({@code example.org}, also written {@code @example.org});
 *       it covers the domain and every subdomain.</dd>
 *   <dt>{@code attachment}</dt>
 *   <dd>one of ({@link #attachmentKind()}):
 *       a file extension of 1 to 10 letters or digits, given with or without its dot and stored with it,
 *       {@code .exe} ({@link AttachmentKind#EXTENSION});
 *       a type family detected from the content, whatever the name says, such as {@code executable}
 *       ({@link AttachmentKind#FAMILY}, see {@link AttachmentFamily}; {@code pdf} is the family and
 *       {@code .pdf} the extension);
 *       a MIME type {@code application/pdf} or every subtype of a type {@code image/*}
 *       ({@link AttachmentKind#MIME_PATTERN}, RFC 6838 names). Lower-cased.</dd>
 *   <dt>{@code content}</dt>
 *   <dd>words or a phrase of up to 500 characters (runs of whitespace become one space), matched
 *       case-insensitively as whole words, the words separated by any whitespace; or a regular
 *       expression between slashes, {@code /free\s+money/}, up to 1000 characters with its slashes,
 *       matched case-insensitively anywhere. An expression that matches empty text is refused: it
 *       would hit every message.</dd>
 *   <dt>{@code header}</dt>
 *   <dd>{@code Header-Name: regular expression}, stored with one space after the colon: a header whose
 *       value the expression matches (case-insensitively). The name is RFC 5322 field-name characters
 *       (printable ASCII except the colon), up to 100; the expression is written without slashes, up to
 *       1000 characters.</dd>
 *   <dt>{@code size}</dt>
 *   <dd>a message larger than this whole number of bytes, from 1 to {@link #MAX_SIZE_BYTES}, written
 *       with digits only (no {@code MB} or {@code KB} suffix).</dd>
 * </dl>
 *
 * Regular expressions use the RE2 syntax and are compiled once, here, with RE2/J, whose matching time is
 * linear in the text: no pattern can make the gateway backtrack for ever. Their compiled size is bounded
 * ({@link #MAX_PROGRAM_SIZE}).
 *
 * <p>A rule has an {@link #id()} once a {@link ContentRuleStore} has stored it: 10 characters of
 * Crockford base32 (50 random bits), such as {@code 7K3M9QXZ2B}.
 */
public final class ContentRule {
    public static final String TYPE_FIELD = "type";
    public static final String VALUE_FIELD = "value";
    public static final String ACTION_FIELD = "action";
    public static final String DESCRIPTION_FIELD = "description";
    public static final String ID_FIELD = "id";

    /** The length of an {@link #id()}. */
    public static final int ID_LENGTH = 10;
    public static final int MAX_DESCRIPTION_LENGTH = 200;
    public static final int MAX_PHRASE_LENGTH = 500;
    /** The longest regular expression: a content expression with its slashes, or a header rule's expression. */
    public static final int MAX_REGEX_LENGTH = 1000;
    public static final int MAX_HEADER_NAME_LENGTH = 100;
    public static final int MAX_EXTENSION_LENGTH = 10;
    /** The largest size rule: twice the gateway's global limit on a message. */
    public static final long MAX_SIZE_BYTES = 2 * PolicyLimits.MAX_MESSAGE_SIZE;
    /** The most instructions a compiled regular expression may have; matching time grows with it. */
    public static final int MAX_PROGRAM_SIZE = 5000;

    private static final Pattern ID_SHAPE = Pattern.compile(CrockfordBase32.CHARACTER + "{" + ID_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<String> id;
    private final ContentRuleType type;
    private final RuleValue value;
    private final Optional<FilterAction> action;
    private final Optional<String> description;

    private ContentRule(Optional<String> id, ContentRuleType type, RuleValue value, Optional<FilterAction> action,
                        Optional<String> description) {
        this.id = id;
        this.type = type;
        this.value = value;
        this.action = action;
        this.description = description;
    }

    /** A rule without action or description. */
    public static ContentRule of(ContentRuleType type, String value) {
        return of(type, value, Optional.empty(), Optional.empty());
    }

    /**
     * A rule not stored yet (without id).
     *
     * @param description one line of at most {@link #MAX_DESCRIPTION_LENGTH} characters, surrounding
     *                    whitespace removed; blank is the same as none
     * @throws ContentRuleValidationException naming {@code value} or {@code description}
     */
    public static ContentRule of(ContentRuleType type, String value, Optional<FilterAction> action, Optional<String> description) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(description, "description");
        return new ContentRule(Optional.empty(), type, RuleValue.parse(type, value), action, checkDescription(description));
    }

    /**
     * A rule from its text parts, as a request or a database row gives them.
     *
     * @param action      {@code quarantine}, {@code delete} or {@code tag}; null for none
     * @param description null for none
     * @throws ContentRuleValidationException naming {@code type}, {@code value}, {@code action} or
     *                                        {@code description}, checked in that order
     */
    public static ContentRule parse(String type, String value, String action, String description) {
        ContentRuleType ruleType = ContentRuleType.parse(type);
        RuleValue ruleValue = RuleValue.parse(ruleType, value);
        Optional<FilterAction> ruleAction = Optional.ofNullable(action).map(ContentRule::parseAction);
        return new ContentRule(Optional.empty(), ruleType, ruleValue, ruleAction, checkDescription(Optional.ofNullable(description)));
    }

    private static FilterAction parseAction(String raw) {
        for (FilterAction action : FilterAction.values()) {
            if (action.jsonValue().equals(raw)) {
                return action;
            }
        }
        throw new ContentRuleValidationException(ACTION_FIELD, "'" + raw + "' is not an action for a content rule;"
            + " expected quarantine, delete or tag (or no action, to follow the recipient's policy)");
    }

    private static Optional<String> checkDescription(Optional<String> description) {
        Optional<String> stripped = description.map(String::strip).filter(text -> !text.isEmpty());
        stripped.ifPresent(text -> {
            if (text.length() > MAX_DESCRIPTION_LENGTH) {
                throw new ContentRuleValidationException(DESCRIPTION_FIELD, "is " + text.length()
                    + " characters long; at most " + MAX_DESCRIPTION_LENGTH + " are accepted");
            }
            for (int i = 0; i < text.length(); i++) {
                if (Character.getType(text.charAt(i)) == Character.CONTROL) {
                    throw new ContentRuleValidationException(DESCRIPTION_FIELD, "must be one line of text without"
                        + " control characters (found " + RuleValue.describe(text.charAt(i)) + ")");
                }
            }
        });
        return stripped;
    }

    /** This rule under {@code id} (checked like {@link #parseId}); what a store returns. */
    public ContentRule withId(String id) {
        return new ContentRule(Optional.of(parseId(id)), type, value, action, description);
    }

    /** A new random id: 50 bits, so two rules practically never share one; stores still check. */
    public static String newId() {
        byte[] random = new byte[7];
        RANDOM.nextBytes(random);
        return CrockfordBase32.encodeLeadingBits(random, ID_LENGTH);
    }

    /**
     * An id given back by a user, case-insensitive, upper-cased.
     *
     * @throws ContentRuleValidationException (field {@code id}) for anything of another shape
     */
    public static String parseId(String raw) {
        String upper = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        if (!ID_SHAPE.matches(upper)) {
            throw new ContentRuleValidationException(ID_FIELD, "'" + raw + "' is not a content rule id (" + ID_LENGTH
                + " characters of Crockford base32: digits and letters other than I, L, O and U)");
        }
        return upper;
    }

    /** The id, or empty if {@code raw} is not of the shape of one. */
    public static Optional<String> tryParseId(String raw) {
        try {
            return Optional.of(parseId(raw));
        } catch (ContentRuleValidationException e) {
            return Optional.empty();
        }
    }

    /** The id a store gave the rule; empty before it was stored. */
    public Optional<String> id() {
        return id;
    }

    public ContentRuleType type() {
        return type;
    }

    /** The normalised value (see the class description). */
    public String value() {
        return value.value;
    }

    /** What to do with a message the rule hits; empty to follow the recipient's policy for content. */
    public Optional<FilterAction> action() {
        return action;
    }

    public Optional<String> description() {
        return description;
    }

    /** How an attachment rule names attachments; empty for the other types. */
    public Optional<AttachmentKind> attachmentKind() {
        return Optional.ofNullable(value.attachmentKind);
    }

    /** The family of an attachment rule of kind {@link AttachmentKind#FAMILY}. */
    public Optional<AttachmentFamily> attachmentFamily() {
        return Optional.ofNullable(value.attachmentFamily);
    }

    /** The extension of an attachment rule of kind {@link AttachmentKind#EXTENSION}, without its dot: {@code exe}. */
    public Optional<String> fileExtension() {
        return value.attachmentKind == AttachmentKind.EXTENSION ? Optional.of(value.value.substring(1)) : Optional.empty();
    }

    /**
     * What a {@code content} rule looks for in the text (its phrase as a pattern, or its expression), or
     * what a {@code header} rule looks for in the header's value; compiled case-insensitively. Use
     * {@link Pattern#matcher(CharSequence)} and {@code find()}. Empty for the other types.
     */
    public Optional<Pattern> pattern() {
        return Optional.ofNullable(value.pattern);
    }

    /** Whether the value is a regular expression (a {@code header} rule, or a {@code content} rule written {@code /…/}). */
    public boolean isRegularExpression() {
        return value.regularExpression;
    }

    /** The header a {@code header} rule looks at, as written (header names compare case-insensitively). */
    public Optional<String> headerName() {
        return Optional.ofNullable(value.headerName);
    }

    /** The number of bytes a message must exceed to be hit by a {@code size} rule. */
    public OptionalLong sizeBytes() {
        return type == ContentRuleType.SIZE ? OptionalLong.of(value.sizeBytes) : OptionalLong.empty();
    }

    /** Equal rules have the same id (or none), type, value, action and description. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ContentRule that && id.equals(that.id) && type == that.type && value.value.equals(that.value.value)
            && action.equals(that.action) && description.equals(that.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, value.value, action, description);
    }

    /** For logs and quarantine reasons: {@code content rule 7K3M9QXZ2B: attachment .exe}. */
    @Override
    public String toString() {
        return "content rule " + id.map(ruleId -> ruleId + ": ").orElse("") + type + " " + value.value
            + action.map(a -> " (" + a.jsonValue() + ")").orElse("");
    }
}
