package io.cleanport.core.message;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id under which a message can be found in logs and in quarantine ({@code X-CleanPort-Id}).
 *
 * <p>26 characters of Crockford base32: 48 bits of milliseconds since the epoch, then 80 random bits, so
 * ids sort by arrival time and never collide in practice, across nodes too.
 */
public final class CleanPortId {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private CleanPortId(String value) {
        this.value = value;
    }

    /** A new id for a message arriving now. */
    public static CleanPortId generate(Clock clock) {
        long millis = clock.millis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        // 10 characters of time (50 bits, the top 2 always zero for the next few thousand years)
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 16 characters of randomness (80 bits)
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new CleanPortId(new String(out));
    }

    /** Parses an id given back by a user (case-insensitive); rejects anything of another shape. */
    public static CleanPortId of(String value) {
        Objects.requireNonNull(value, "id");
        String upper = value.trim().toUpperCase(java.util.Locale.ROOT);
        if (!SHAPE.matcher(upper).matches()) {
            throw new IllegalArgumentException("not a CleanPort id: '" + value + "' (26 base32 characters expected)");
        }
        return new CleanPortId(upper);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CleanPortId other && other.value.equals(value);
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
