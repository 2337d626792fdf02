package io.cleanport.core.policy;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A DNS domain name such as {@code example.com}, lower-cased: LDH labels of 1 to 63 characters, no
 * leading or trailing hyphen, at least two labels, at most 253 characters. IP literals and names whose
 * last label is numeric are rejected. Internationalised names are converted to their ASCII form.
 */
public final class DomainName implements Comparable<DomainName> {
    public static final int MAX_LENGTH = 253;
    public static final int MAX_LABEL_LENGTH = 63;

    private final String name;

    private DomainName(String name) {
        this.name = name;
    }

    /**
     * @throws PolicyValidationException (field {@code domain}) if {@code name} is not a domain name
     */
    public static DomainName of(String name) {
        return new DomainName(validate("domain", name, true));
    }

    /** The domain, or empty if {@code name} is not a valid domain name. */
    public static Optional<DomainName> parse(String name) {
        try {
            return Optional.of(of(name));
        } catch (PolicyValidationException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks host-name syntax and returns the lower-cased ASCII form. Shared with {@link Downstream},
     * where a single label such as {@code localhost} is acceptable.
     */
    static String validate(String field, String raw, boolean requireTwoLabels) {
        if (raw == null || raw.isEmpty()) {
            throw new PolicyValidationException(field, "must not be empty; expected a domain name such as example.com");
        }
        String ascii = raw;
        if (!raw.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = IDN.toASCII(raw, 0);
            } catch (IllegalArgumentException e) {
                throw invalid(field, raw, "it is not a valid internationalised domain name");
            }
        }
        String name = ascii.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_LENGTH) {
            throw invalid(field, raw, "it is longer than " + MAX_LENGTH + " characters");
        }
        String[] labels = name.split("\\.", -1);
        if (requireTwoLabels && labels.length < 2) {
            throw invalid(field, raw, "it needs at least two labels (like example.com)");
        }
        for (String label : labels) {
            checkLabel(field, raw, label);
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(field, raw, "the last label is numeric (IP addresses are not domain names)");
        }
        return name;
    }

    private static void checkLabel(String field, String raw, String label) {
        if (label.isEmpty()) {
            throw invalid(field, raw, "it has an empty label (leading, trailing or double dot)");
        }
        if (label.length() > MAX_LABEL_LENGTH) {
            throw invalid(field, raw, "label '" + label + "' is longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw invalid(field, raw, "label '" + label + "' starts or ends with a hyphen");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ldh = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ldh) {
                throw invalid(field, raw, "label '" + label + "' contains '" + c + "'; only letters, digits and hyphens are allowed");
            }
        }
    }

    private static PolicyValidationException invalid(String field, String raw, String why) {
        return new PolicyValidationException(field, "'" + raw + "' is not a valid domain name: " + why);
    }

    /** The lower-cased ASCII name. */
    public String name() {
        return name;
    }

    @Override
    public int compareTo(DomainName other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
