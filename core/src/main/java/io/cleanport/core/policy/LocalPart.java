package io.cleanport.core.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * The part of a recipient address before the {@code @}, as CleanPort stores and looks it up:
 * a dot-atom (RFC 5322 atext characters separated by single dots) of 1 to 64 characters, lower-cased.
 * Quoted local parts are not supported as policy keys.
 */
public final class LocalPart implements Comparable<LocalPart> {
    public static final int MAX_LENGTH = 64;
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private final String value;

    private LocalPart(String value) {
        this.value = value;
    }

    /**
     * @throws PolicyValidationException (field {@code localPart}) if {@code raw} is not a dot-atom of 1 to 64 characters
     */
    public static LocalPart of(String raw) {
        return new LocalPart(validate("localPart", raw));
    }

    /** The local part, or empty if {@code raw} is not acceptable. */
    public static Optional<LocalPart> parse(String raw) {
        try {
            return Optional.of(of(raw));
        } catch (PolicyValidationException e) {
            return Optional.empty();
        }
    }

    static String validate(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new PolicyValidationException(field, "must not be empty; expected the part of an address before the @");
        }
        if (raw.length() > MAX_LENGTH) {
            throw invalid(field, raw, "it is longer than " + MAX_LENGTH + " characters");
        }
        if (raw.startsWith(".") || raw.endsWith(".") || raw.contains("..")) {
            throw invalid(field, raw, "dots may only separate non-empty parts");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!isAtext(c) && c != '.') {
                throw invalid(field, raw, "'" + c + "' is not allowed; use letters, digits, dots and " + ATEXT_SPECIALS);
            }
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static PolicyValidationException invalid(String field, String raw, String why) {
        return new PolicyValidationException(field, "'" + raw + "' is not a valid local part: " + why);
    }

    /** The lower-cased local part. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(LocalPart other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalPart that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
