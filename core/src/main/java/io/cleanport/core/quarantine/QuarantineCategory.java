package io.cleanport.core.quarantine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.cleanport.core.policy.QuarantineDays;

/** The three quarantines, each a James mail repository of its own. */
public enum QuarantineCategory {
    VIRUS,
    SPAM,
    CONTENT;

    /** The API spelling: {@code virus}, {@code spam} or {@code content}. */
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How many days this category is kept under {@code days}. */
    public int retentionDays(QuarantineDays days) {
        return switch (this) {
            case VIRUS -> days.virus();
            case SPAM -> days.spam();
            case CONTENT -> days.content();
        };
    }

    /**
     * @throws QuarantineValidationException naming {@code field} if {@code value} is not a category
     */
    public static QuarantineCategory parse(String field, String value) {
        for (QuarantineCategory category : values()) {
            if (category.jsonValue().equals(value)) {
                return category;
            }
        }
        throw new QuarantineValidationException(field, "'" + value + "' is not a quarantine; expected one of "
            + Arrays.stream(values()).map(QuarantineCategory::jsonValue).collect(Collectors.joining(", ")));
    }
}
