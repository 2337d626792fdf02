package io.cleanport.core.stats;

import java.util.Optional;

/**
 * The events the gateway counts, per protected domain and in total. {@link #key()} is the stable name
 * used in the database and in WebAdmin's JSON; constants may be added or reordered freely.
 */
public enum Counter {
    /** A recipient refused with {@code 451 4.7.1} by greylisting. */
    GREYLISTED("greylisted"),
    /** A retry that passed greylisting after the minimum delay. */
    GREYLIST_PASSED("greylistPassed"),
    /** A recipient let through greylisting without delay (triplet, network or static whitelist). */
    GREYLIST_WHITELISTED("greylistWhitelisted"),
    /** A recipient for whom a message carried a virus (quarantined or deleted). */
    VIRUS("virus"),
    /** A recipient for whom a message was spam (quarantined, deleted or tagged). */
    SPAM("spam"),
    /** A recipient for whom a content rule matched (quarantined, deleted or tagged). */
    CONTENT("content"),
    /** A quarantine entry released to its recipient. */
    RELEASED("released");

    /** The longest key the database column holds. */
    public static final int MAX_KEY_LENGTH = 64;

    private final String key;

    Counter(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The counter of a stored key; empty for a key this version does not know (written by a newer node). */
    public static Optional<Counter> fromKey(String key) {
        for (Counter counter : values()) {
            if (counter.key.equals(key)) {
                return Optional.of(counter);
            }
        }
        return Optional.empty();
    }
}
