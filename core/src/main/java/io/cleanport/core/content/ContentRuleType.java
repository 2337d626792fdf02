package io.cleanport.core.content;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a {@link ContentRule} looks at; each type has its own {@link ContentRule#value()} syntax. */
public enum ContentRuleType {
    /** One sender address, {@code bob@example.org}. */
    SENDER("sender"),
    /** A sender domain and its subdomains, {@code example.org}. */
    SENDER_DOMAIN("senderDomain"),
    /** An attachment: a file extension, a detected type family, or a MIME type pattern. */
    ATTACHMENT("attachment"),
    /** Words or a phrase in the text of the message, or a regular expression {@code /…/}. */
    CONTENT("content"),
    /** A header whose value matches a regular expression, {@code Subject: ^\[ext\]}. */
    HEADER("header"),
    /** A message larger than a number of bytes. */
    SIZE("size");

    private final String jsonValue;

    ContentRuleType(String jsonValue) {
        this.jsonValue = jsonValue;
    }

    /** The spelling used in JSON and in the database, such as {@code senderDomain}. */
    public String jsonValue() {
        return jsonValue;
    }

    /**
     * @throws ContentRuleValidationException (field {@code type}) listing the accepted types, unless
     *                                        {@code raw} is one of them (exact spelling)
     */
    public static ContentRuleType parse(String raw) {
        for (ContentRuleType type : values()) {
            if (type.jsonValue.equals(raw)) {
                return type;
            }
        }
        throw new ContentRuleValidationException(ContentRule.TYPE_FIELD,
            (raw == null ? "is required" : "'" + raw + "' is not a content rule type") + "; expected one of " + accepted());
    }

    /** {@code sender, senderDomain, attachment, content, header, size}. */
    public static String accepted() {
        return Arrays.stream(values()).map(ContentRuleType::jsonValue).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return jsonValue;
    }
}
