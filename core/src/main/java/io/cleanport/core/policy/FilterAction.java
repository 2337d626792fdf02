package io.cleanport.core.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happens to spam or to mail hit by a content rule: quarantine, delete, or tag the subject and deliver. */
public enum FilterAction {
    QUARANTINE,
    DELETE,
    TAG;

    /** The JSON spelling: {@code quarantine}, {@code delete} or {@code tag}. */
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws PolicyValidationException naming {@code field} if {@code value} is not a filter action
     */
    public static FilterAction parse(String field, String value) {
        for (FilterAction action : values()) {
            if (action.jsonValue().equals(value)) {
                return action;
            }
        }
        throw new PolicyValidationException(field, "'" + value + "' is not an action for this category; expected one of " + accepted());
    }

    static String accepted() {
        return Arrays.stream(values()).map(FilterAction::jsonValue).collect(Collectors.joining(", "));
    }
}
