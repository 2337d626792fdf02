package io.cleanport.core.verdict;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a filtering step concluded about a message, before any recipient's policy is applied.
 *
 * <p>The lower-case {@link #asString() names} are the values of {@code X-CleanPort-Status} and of the
 * quarantine's {@code category}, and what {@link VerdictCodec} writes.
 */
public enum Category {
    /** Nothing the step acts on was found; the verdict may still carry informational rule hits. */
    CLEAN("clean"),
    /** The message carries malware (or the EICAR test file); the verdict names it. */
    VIRUS("virus"),
    /** The message is spam. */
    SPAM("spam"),
    /** A content rule (sender, attachment type, words, size) matched. */
    CONTENT("content");

    private final String name;

    Category(String name) {
        this.name = name;
    }

    /** The lower-case name: {@code clean}, {@code virus}, {@code spam} or {@code content}. */
    public String asString() {
        return name;
    }

    /**
     * @throws IllegalArgumentException when {@code value} is not one of the lower-case names
     */
    public static Category parse(String value) {
        for (Category category : values()) {
            if (category.name.equals(value)) {
                return category;
            }
        }
        throw new IllegalArgumentException("unknown category '" + value + "'; expected one of " + accepted());
    }

    static String accepted() {
        return Arrays.stream(values()).map(Category::asString).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return name.toUpperCase(Locale.ROOT);
    }
}
