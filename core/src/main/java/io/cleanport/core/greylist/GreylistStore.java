package io.cleanport.core.greylist;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where greylisting remembers triplets and networks; shared by every MX node when the database is.
 *
 * <p>Entries carry an expiry instant: an entry is live while {@code now} is before it, and an expired
 * entry reads as absent until {@link #purgeExpired} deletes it. Every method touches a bounded number
 * of rows found by primary key, except the purge, which is bounded by its {@code maxEntries}.
 * Implementations may throw {@link io.cleanport.core.db.StoreException} when their database fails.
 */
public interface GreylistStore {

    /** What is stored about a key's triplet and its network, read together (one round trip). */
    Lookup lookup(GreylistKey key);

    /**
     * Remembers the triplet as first seen at {@code firstSeen}, not passed, expiring at
     * {@code expiresAt}; an expired entry of the same key is replaced.
     *
     * @return false if a live entry already existed (another node or thread was first)
     */
    boolean startTriplet(GreylistKey key, Instant firstSeen, Instant expiresAt);

    /**
     * Marks a not yet passed, live triplet as passed at {@code passedAt}, now expiring at
     * {@code expiresAt}.
     *
     * @return whether this call made the change (false if it was already passed, or is gone)
     */
    boolean markPassed(GreylistKey key, Instant passedAt, Instant expiresAt);

    /** Moves a triplet's expiry to {@code expiresAt}. */
    void renewTriplet(GreylistKey key, Instant expiresAt);

    /**
     * Counts one more passed triplet for {@code network} and moves its expiry to {@code expiresAt}; an
     * expired entry starts again from one.
     *
     * @return the network's count of passed triplets afterwards
     */
    int recordNetworkPass(String network, Instant now, Instant expiresAt);

    /** Moves a network's expiry to {@code expiresAt}. */
    void renewNetwork(String network, Instant expiresAt);

    /**
     * Deletes up to {@code maxEntries} entries (triplets first, then networks) that expired before
     * {@code now}, oldest first.
     *
     * @return how many were deleted
     */
    int purgeExpired(Instant now, int maxEntries);

    /**
     * A stored triplet.
     *
     * @param firstSeen when its current greylisting started
     * @param passedAt  when a retry first went through; empty while greylisted
     * @param expiresAt first seen + retry window while greylisted; the end of its whitelisting once passed
     */
    record Triplet(Instant firstSeen, Optional<Instant> passedAt, Instant expiresAt) {
        public Triplet {
            Objects.requireNonNull(firstSeen);
            Objects.requireNonNull(passedAt);
            Objects.requireNonNull(expiresAt);
        }

        public boolean passed() {
            return passedAt.isPresent();
        }

        public boolean liveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    /**
     * A stored network.
     *
     * @param passedTriplets how many distinct triplets of the network passed greylisting
     * @param expiresAt      the last pass or use plus the network lifetime
     */
    record Network(int passedTriplets, Instant expiresAt) {
        public Network {
            Objects.requireNonNull(expiresAt);
        }

        public boolean liveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    /** The entries found for a key, expired ones included (the caller knows the time). */
    record Lookup(Optional<Triplet> triplet, Optional<Network> network) {
        public static final Lookup NOTHING = new Lookup(Optional.empty(), Optional.empty());

        public Lookup {
            Objects.requireNonNull(triplet);
            Objects.requireNonNull(network);
        }
    }
}
