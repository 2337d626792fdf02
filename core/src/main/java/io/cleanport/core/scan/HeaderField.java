package io.cleanport.core.scan;

import java.util.Locale;
import java.util.Objects;

/**
 * One header field of a message part as it arrived: the name as written, and the value unfolded but not
 * decoded (RFC 2047 encoded words are left as they are).
 */
public record HeaderField(String name, String value) {
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this field has the given name, ignoring case. */
    public boolean is(String fieldName) {
        return name.equalsIgnoreCase(fieldName);
    }

    /** The name in lower case, for comparisons and maps. */
    public String lowerCaseName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
