package io.cleanport.core.greylist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

/** What every {@link GreylistStore} does. */
public interface GreylistStoreContract {
    Instant T0 = Instant.parse("2030-03-01T12:00:00Z");
    /** Beyond every expiry a test writes: purging up to here empties the store. */
    Instant FAR_FUTURE = Instant.parse("2900-01-01T00:00:00Z");
    GreylistKey KEY = GreylistKey.of(InetAddresses.forString("192.0.2.10"), "bob@senders.test", "alice@example.com");
    GreylistKey OTHER_KEY = GreylistKey.of(InetAddresses.forString("192.0.2.10"), "carol@senders.test", "alice@example.com");
    String NETWORK = KEY.network();

    GreylistStore store();

    /** A store over the same storage, as another MX node would see it. */
    GreylistStore otherNode();

    @BeforeEach
    default void emptyTheStore() {
        while (store().purgeExpired(FAR_FUTURE, 100_000) > 0) {
            // until empty
        }
    }

    @Test
    default void anUnknownKeyHasNothing() {
        assertThat(store().lookup(KEY)).isEqualTo(GreylistStore.Lookup.NOTHING);
    }

    @Test
    default void startTripletRemembersIt() {
        assertThat(store().startTriplet(KEY, T0, T0.plus(Duration.ofDays(2)))).isTrue();

        GreylistStore.Lookup found = store().lookup(KEY);
        assertThat(found.triplet()).contains(new GreylistStore.Triplet(T0, Optional.empty(), T0.plus(Duration.ofDays(2))));
        assertThat(found.network()).isEmpty();
        assertThat(store().lookup(OTHER_KEY).triplet()).isEmpty();
    }

    @Test
    default void aSecondStartOfALiveTripletMeansAlreadyKnown() {
        store().startTriplet(KEY, T0, T0.plus(Duration.ofDays(2)));

        assertThat(otherNode().startTriplet(KEY, T0.plusSeconds(1), T0.plusSeconds(1).plus(Duration.ofDays(2)))).isFalse();
        assertThat(store().lookup(KEY).triplet().orElseThrow().firstSeen()).isEqualTo(T0);
    }

    @Test
    default void anExpiredTripletStartsAgain() {
        store().startTriplet(KEY, T0, T0.plus(Duration.ofDays(2)));
        store().markPassed(KEY, T0.plusSeconds(60), T0.plus(Duration.ofDays(3)));
        Instant later = T0.plus(Duration.ofDays(3));

        assertThat(store().startTriplet(KEY, later, later.plus(Duration.ofDays(2)))).isTrue();

        assertThat(store().lookup(KEY).triplet()).contains(new GreylistStore.Triplet(later, Optional.empty(), later.plus(Duration.ofDays(2))));
    }

    @Test
    default void markPassedHappensOnce() {
        store().startTriplet(KEY, T0, T0.plus(Duration.ofDays(2)));
        Instant passedAt = T0.plusSeconds(30);
        Instant until = passedAt.plus(Duration.ofDays(36));

        assertThat(store().markPassed(KEY, passedAt, until)).isTrue();
        assertThat(otherNode().markPassed(KEY, passedAt.plusSeconds(1), until.plusSeconds(1))).isFalse();

        assertThat(store().lookup(KEY).triplet()).contains(new GreylistStore.Triplet(T0, Optional.of(passedAt), until));
    }

    @Test
    default void anExpiredOrUnknownTripletCannotPass() {
        assertThat(store().markPassed(KEY, T0, T0.plus(Duration.ofDays(36)))).isFalse();
        store().startTriplet(KEY, T0, T0.plus(Duration.ofDays(2)));

        assertThat(store().markPassed(KEY, T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(40)))).isFalse();
        assertThat(store().lookup(KEY).triplet().orElseThrow().passed()).isFalse();
    }

    @Test
    default void renewTripletMovesItsExpiry() {
        store().startTriplet(KEY, T0, T0.plus(Duration.ofDays(2)));
        store().markPassed(KEY, T0.plusSeconds(30), T0.plus(Duration.ofDays(36)));

        store().renewTriplet(KEY, T0.plus(Duration.ofDays(40)));

        assertThat(store().lookup(KEY).triplet().orElseThrow().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(40)));
    }

    @Test
    default void networkPassesAreCountedAcrossNodes() {
        assertThat(store().recordNetworkPass(NETWORK, T0, T0.plus(Duration.ofDays(36)))).isEqualTo(1);
        assertThat(otherNode().recordNetworkPass(NETWORK, T0.plusSeconds(1), T0.plus(Duration.ofDays(37)))).isEqualTo(2);
        assertThat(store().recordNetworkPass(NETWORK, T0.plusSeconds(2), T0.plus(Duration.ofDays(38)))).isEqualTo(3);

        assertThat(store().lookup(KEY).network()).contains(new GreylistStore.Network(3, T0.plus(Duration.ofDays(38))));
        assertThat(store().lookup(OTHER_KEY).network()).contains(new GreylistStore.Network(3, T0.plus(Duration.ofDays(38))));
    }

    @Test
    default void anExpiredNetworkCountsFromOneAgain() {
        store().recordNetworkPass(NETWORK, T0, T0.plus(Duration.ofDays(1)));
        store().recordNetworkPass(NETWORK, T0, T0.plus(Duration.ofDays(1)));
        Instant later = T0.plus(Duration.ofDays(2));

        assertThat(store().recordNetworkPass(NETWORK, later, later.plus(Duration.ofDays(36)))).isEqualTo(1);
    }

    @Test
    default void renewNetworkMovesItsExpiry() {
        store().recordNetworkPass(NETWORK, T0, T0.plus(Duration.ofDays(36)));

        store().renewNetwork(NETWORK, T0.plus(Duration.ofDays(50)));

        assertThat(store().lookup(KEY).network()).contains(new GreylistStore.Network(1, T0.plus(Duration.ofDays(50))));
    }

    @Test
    default void longAddressesAreStored() {
        GreylistKey longKey = GreylistKey.of(InetAddresses.forString("2001:db8:aaaa:bbbb:cccc::1"),
            "x".repeat(64) + "@" + "d".repeat(300) + ".test", "y".repeat(64) + "@" + "e".repeat(300) + ".test");

        assertThat(store().startTriplet(longKey, T0, T0.plus(Duration.ofDays(2)))).isTrue();
        assertThat(store().lookup(longKey).triplet()).isPresent();
    }

    @Test
    default void purgeDeletesOnlyExpiredEntriesOldestFirstAndBoundedPerRun() {
        for (int i = 0; i < 7; i++) {
            GreylistKey key = GreylistKey.of(InetAddresses.forString("198.51.100.1"), "s" + i + "@x.test", "r@example.com");
            store().startTriplet(key, T0, T0.plusSeconds(100 + i));
        }
        store().startTriplet(KEY, T0, T0.plus(Duration.ofDays(2)));
        store().recordNetworkPass("203.0.113.0/24", T0, T0.plusSeconds(50));
        store().recordNetworkPass(NETWORK, T0, T0.plus(Duration.ofDays(36)));
        Instant now = T0.plusSeconds(1000);

        assertThat(store().purgeExpired(now, 3)).isEqualTo(3);
        assertThat(store().lookup(keyOf(0)).triplet()).isEmpty();
        assertThat(store().lookup(keyOf(2)).triplet()).isEmpty();
        assertThat(store().lookup(keyOf(3)).triplet()).isPresent();
        assertThat(store().purgeExpired(now, 3)).isEqualTo(3);
        // The last expired triplet and the expired network.
        assertThat(store().purgeExpired(now, 3)).isEqualTo(2);
        assertThat(store().purgeExpired(now, 3)).isZero();

        assertThat(store().lookup(KEY).triplet()).isPresent();
        assertThat(store().lookup(KEY).network()).isPresent();
        assertThat(store().lookup(GreylistKey.of(InetAddresses.forString("203.0.113.5"), "a@b.test", "c@d.test")).network()).isEmpty();
    }

    private static GreylistKey keyOf(int i) {
        return GreylistKey.of(InetAddresses.forString("198.51.100.1"), "s" + i + "@x.test", "r@example.com");
    }

    @Test
    default void purgeKeepsEntriesExpiringExactlyNow() {
        store().startTriplet(KEY, T0, T0.plusSeconds(10));

        assertThat(store().purgeExpired(T0.plusSeconds(10), 10)).isZero();
        assertThat(store().purgeExpired(T0.plusSeconds(11), 10)).isEqualTo(1);
    }

    @Test
    default void purgeNeedsAPositiveBound() {
        assertThatThrownBy(() -> store().purgeExpired(T0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
