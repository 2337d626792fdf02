package io.cleanport.core.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * One MX record of a domain: the host that receives its mail and the record's preference (lower is
 * preferred). The host is lower-case without its trailing dot; the empty host is the root {@code "."},
 * the target of a "null MX" (RFC 7505), which says the domain accepts no mail.
 */
public record MxRecord(String host, int preference) implements Comparable<MxRecord> {
    public static final int MAX_PREFERENCE = 65_535;

    public MxRecord {
        Objects.requireNonNull(host, "host");
        if (preference < 0 || preference > MAX_PREFERENCE) {
            throw new IllegalArgumentException("MX preference must be from 0 to " + MAX_PREFERENCE + ", got " + preference);
        }
        host = normalise(host);
    }

    /** @throws IllegalArgumentException if the preference is not from 0 to 65535 */
    public static MxRecord of(String host, int preference) {
        return new MxRecord(host, preference);
    }

    /** Whether the host is the root, as in a null MX: nothing can be delivered to it. */
    public boolean isRootHost() {
        return host.isEmpty();
    }

    /** Lower-cased, without surrounding blanks or the trailing dot of an absolute name. */
    static String normalise(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** By preference, then host. */
    @Override
    public int compareTo(MxRecord other) {
        int byPreference = Integer.compare(preference, other.preference);
        return byPreference != 0 ? byPreference : host.compareTo(other.host);
    }

    @Override
    public String toString() {
        return preference + " " + (host.isEmpty() ? "." : host);
    }
}
