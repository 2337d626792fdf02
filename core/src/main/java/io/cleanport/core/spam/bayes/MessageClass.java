package io.cleanport.core.spam.bayes;

import java.util.Locale;

/** What a learned message was taught as: spam, or ham (wanted mail). */
public enum MessageClass {
    SPAM("spam"),
    HAM("ham");

    private final String name;

    MessageClass(String name) {
        this.name = name;
    }

    /** {@code spam} or {@code ham}: the value stored and the last segment of the learning route. */
    public String asString() {
        return name;
    }

    public MessageClass other() {
        return this == SPAM ? HAM : SPAM;
    }

    /** @throws IllegalArgumentException unless {@code value} is {@code spam} or {@code ham} (any case) */
    public static MessageClass parse(String value) {
        String lower = value == null ? "" : value.toLowerCase(Locale.ROOT);
        for (MessageClass messageClass : values()) {
            if (messageClass.name.equals(lower)) {
                return messageClass;
            }
        }
        throw new IllegalArgumentException("unknown message class '" + value + "'; expected spam or ham");
    }
}
