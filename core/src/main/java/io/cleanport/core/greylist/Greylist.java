package io.cleanport.core.greylist;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides whether an SMTP attempt is delayed by greylisting. A legitimate MTA retries a temporary
 * failure; most spam software does not. So the first attempt of a triplet (client network, sender,
 * recipient; see {@link GreylistKey}) is refused for a while, a retry after
 * {@link GreylistSettings#minDelay()} and within {@link GreylistSettings#retryWindow()} goes through,
 * and from then on the triplet goes through at once for {@link GreylistSettings#tripletLifetime()},
 * renewed by use. A network with {@link GreylistSettings#networkThreshold()} distinct passed triplets
 * goes through as a whole, so a busy sender is delayed only at first. Static whitelists are checked
 * before the store.
 *
 * <p>Each decision reads the store once (both primary keys in one statement) and writes at most on a
 * first attempt, a pass, or a renewal; renewals happen at most once a day per entry (see
 * {@link #renewalStep(Duration)}). Store failures propagate: the caller decides how to fail.
 */
public final class Greylist {

    /** What the caller should do with the attempt. */
    public enum Outcome {
        /** Refuse temporarily ({@code 451 4.7.1}): a first attempt, or a retry that came too early. */
        GREYLISTED,
        /** Let through: a retry after the minimum delay; the triplet is whitelisted from now on. */
        PASSED,
        /** Let through without delay; {@link Decision#whitelistReason()} says why. */
        WHITELISTED
    }

    /** Why an attempt went through without delay. */
    public enum WhitelistReason {
        /** The triplet passed greylisting earlier and is within its lifetime. */
        TRIPLET,
        /** The client's network passed greylisting for enough distinct triplets. */
        NETWORK,
        /** The client network or the sender domain is in the configured static whitelist. */
        STATIC
    }

    private final GreylistStore store;
    private final GreylistSettings settings;
    private final Clock clock;

    /** Uses the system clock. */
    public Greylist(GreylistStore store, GreylistSettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    public Greylist(GreylistStore store, GreylistSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
    }

    public GreylistSettings settings() {
        return settings;
    }

    /** {@link #check(InetAddress, String, String, Instant)} at the clock's current instant. */
    public Decision check(InetAddress client, String senderOrEmpty, String recipient) {
        return check(client, senderOrEmpty, recipient, clock.instant());
    }

    /**
     * @param client        the SMTP client's address
     * @param senderOrEmpty the envelope sender; empty (or {@code <>}) for the null sender
     * @param recipient     the envelope recipient
     * @param now           the time of the attempt
     */
    public Decision check(InetAddress client, String senderOrEmpty, String recipient, Instant now) {
        GreylistKey key = GreylistKey.of(client, senderOrEmpty, recipient);
        if (settings.isStaticNetwork(client) || key.senderDomain().filter(settings::isStaticSenderDomain).isPresent()) {
            return Decision.whitelisted(key, WhitelistReason.STATIC);
        }
        GreylistStore.Lookup found = store.lookup(key);

        Optional<GreylistStore.Network> network = found.network()
            .filter(entry -> entry.liveAt(now) && isWhitelisted(entry));
        if (network.isPresent()) {
            renewIfDue(network.get().expiresAt(), now, settings.networkLifetime(), until -> store.renewNetwork(key.network(), until));
            return Decision.whitelisted(key, WhitelistReason.NETWORK);
        }

        Optional<GreylistStore.Triplet> triplet = found.triplet().filter(entry -> entry.liveAt(now));
        if (triplet.isEmpty()) {
            boolean first = store.startTriplet(key, now, now.plus(settings.retryWindow()));
            return Decision.greylisted(key, now.plus(settings.minDelay()), now, first);
        }
        GreylistStore.Triplet entry = triplet.get();
        if (entry.passed()) {
            renewIfDue(entry.expiresAt(), now, settings.tripletLifetime(), until -> store.renewTriplet(key, until));
            return Decision.whitelisted(key, WhitelistReason.TRIPLET);
        }
        Instant retryAfter = entry.firstSeen().plus(settings.minDelay());
        if (now.isBefore(retryAfter)) {
            return Decision.greylisted(key, retryAfter, now, false);
        }
        boolean networkNowWhitelisted = false;
        // Only the node that makes the transition counts it, so a network counts distinct triplets.
        if (store.markPassed(key, now, now.plus(settings.tripletLifetime())) && settings.networkThreshold() > 0) {
            int passed = store.recordNetworkPass(key.network(), now, now.plus(settings.networkLifetime()));
            networkNowWhitelisted = passed == settings.networkThreshold();
        }
        return Decision.passed(key, Duration.between(entry.firstSeen(), now), networkNowWhitelisted);
    }

    private boolean isWhitelisted(GreylistStore.Network network) {
        return settings.networkThreshold() > 0 && network.passedTriplets() >= settings.networkThreshold();
    }

    /** Writes a new expiry only when the stored one is more than a renewal step old. */
    private static void renewIfDue(Instant expiresAt, Instant now, Duration lifetime, Consumer<Instant> renew) {
        Duration remaining = Duration.between(now, expiresAt);
        if (remaining.compareTo(lifetime.minus(renewalStep(lifetime))) < 0) {
            renew.accept(now.plus(lifetime));
        }
    }

    /**
     * How much of a lifetime may elapse before a use renews it: one day (so an entry in use is written
     * at most once a day), or half the lifetime if that is shorter.
     */
    static Duration renewalStep(Duration lifetime) {
        Duration day = Duration.ofDays(1);
        Duration half = lifetime.dividedBy(2);
        return half.compareTo(day) < 0 ? half : day;
    }

    /** The outcome of one check, with what a reply or a log line needs. Immutable. */
    public static final class Decision {
        private final Outcome outcome;
        private final GreylistKey key;
        private final Optional<WhitelistReason> whitelistReason;
        private final Optional<Instant> retryAfter;
        private final Duration retryIn;
        private final boolean firstAttempt;
        private final Duration waited;
        private final boolean networkNowWhitelisted;

        private Decision(Outcome outcome, GreylistKey key, Optional<WhitelistReason> whitelistReason, Optional<Instant> retryAfter,
                         Duration retryIn, boolean firstAttempt, Duration waited, boolean networkNowWhitelisted) {
            this.outcome = outcome;
            this.key = key;
            this.whitelistReason = whitelistReason;
            this.retryAfter = retryAfter;
            this.retryIn = retryIn;
            this.firstAttempt = firstAttempt;
            this.waited = waited;
            this.networkNowWhitelisted = networkNowWhitelisted;
        }

        static Decision greylisted(GreylistKey key, Instant retryAfter, Instant now, boolean firstAttempt) {
            return new Decision(Outcome.GREYLISTED, key, Optional.empty(), Optional.of(retryAfter),
                Duration.between(now, retryAfter), firstAttempt, Duration.ZERO, false);
        }

        static Decision passed(GreylistKey key, Duration waited, boolean networkNowWhitelisted) {
            return new Decision(Outcome.PASSED, key, Optional.empty(), Optional.empty(), Duration.ZERO, false, waited,
                networkNowWhitelisted);
        }

        static Decision whitelisted(GreylistKey key, WhitelistReason reason) {
            return new Decision(Outcome.WHITELISTED, key, Optional.of(reason), Optional.empty(), Duration.ZERO, false,
                Duration.ZERO, false);
        }

        public Outcome outcome() {
            return outcome;
        }

        /** Whether the attempt must be refused for now. */
        public boolean delays() {
            return outcome == Outcome.GREYLISTED;
        }

        public GreylistKey key() {
            return key;
        }

        /** Present exactly when the outcome is {@link Outcome#WHITELISTED}. */
        public Optional<WhitelistReason> whitelistReason() {
            return whitelistReason;
        }

        /** When a retry will be let through; present exactly when greylisted. */
        public Optional<Instant> retryAfter() {
            return retryAfter;
        }

        /** How long until {@link #retryAfter()}; zero unless greylisted. */
        public Duration retryIn() {
            return retryIn;
        }

        /**
         * The retry delay in whole seconds, rounded up and at least one: what the SMTP reply states.
         */
        public long retryInSeconds() {
            long seconds = retryIn.getSeconds() + (retryIn.getNano() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }

        /** Whether this greylisting started the triplet's delay (rather than refusing an early retry). */
        public boolean firstAttempt() {
            return firstAttempt;
        }

        /** For a pass, how long after the first attempt the retry came. */
        public Duration waited() {
            return waited;
        }

        /** Whether this pass brought the client's network to the whitelisting threshold. */
        public boolean networkNowWhitelisted() {
            return networkNowWhitelisted;
        }

        @Override
        public String toString() {
            return switch (outcome) {
                case GREYLISTED -> "GREYLISTED" + key + " retryIn=" + retryInSeconds() + "s" + (firstAttempt ? " first" : "");
                case PASSED -> "PASSED" + key + " waited=" + waited.getSeconds() + "s" + (networkNowWhitelisted ? " networkWhitelisted" : "");
                case WHITELISTED -> "WHITELISTED(" + whitelistReason.orElseThrow() + ")" + key;
            };
        }
    }
}
