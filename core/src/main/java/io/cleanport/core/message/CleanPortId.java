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
    /** The length of {@link #asString()}. */
    public static final int LENGTH = 26;
    private static final Pattern SHAPE = Pattern.compile(CrockfordBase32.CHARACTER + "{" + LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private CleanPortId(String value) {
        this.value = value;
    }

    /** A new id for a message arriving now. */
    public static CleanPortId generate(Clock clock) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        // 10 characters of time (50 bits, the top 2 always zero for the next few thousand years),
        // then 16 characters of randomness (80 bits)
        return new CleanPortId(CrockfordBase32.encodeLowBits(clock.millis(), 10)
            + CrockfordBase32.encodeLeadingBits(random, 16));
    }

    /** Parses an id given back by a user (case-insensitive); rejects anything of another shape. */
    public static CleanPortId of(String value) {
        Objects.requireNonNull(value, "id");
        String upper = value.trim().toUpperCase(java.util.Locale.ROOT);
        if (!SHAPE.matcher(upper).matches()) {
            throw new IllegalArgumentException("not a CleanPort id: '" + value + "' (" + LENGTH + " base32 characters expected)");
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
