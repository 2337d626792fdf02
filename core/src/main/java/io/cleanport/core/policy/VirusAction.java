package io.cleanport.core.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happens to a message carrying a virus. It is never delivered, so tagging is not an option. */
public enum VirusAction {
    QUARANTINE,
    DELETE;

    /** The JSON spelling: {@code quarantine} or {@code delete}. */
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws PolicyValidationException naming {@code field} if {@code value} is not a virus action
     */
    public static VirusAction parse(String field, String value) {
        for (VirusAction action : values()) {
            if (action.jsonValue().equals(value)) {
                return action;
            }
        }
        throw new PolicyValidationException(field, "'" + value + "' is not a virus action; expected one of " + accepted());
    }

    static String accepted() {
        return Arrays.stream(values()).map(VirusAction::jsonValue).collect(Collectors.joining(", "));
    }
}
