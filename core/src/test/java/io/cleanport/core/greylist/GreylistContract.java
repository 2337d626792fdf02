package io.cleanport.core.greylist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.cleanport.core.greylist.Greylist.Decision;
import io.cleanport.core.greylist.Greylist.Outcome;
import io.cleanport.core.greylist.Greylist.WhitelistReason;
import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.testing.MutableClock;

/** What greylisting decides, over every {@link GreylistStore}; time is a {@link MutableClock}. */
public interface GreylistContract {
    InetAddress CLIENT = InetAddresses.forString("192.0.2.10");
    String SENDER = "bob@senders.test";
    String RECIPIENT = "alice@example.com";
    Instant START = Instant.parse("2030-06-01T08:00:00Z");
    Instant FAR_FUTURE = Instant.parse("2900-01-01T00:00:00Z");

    GreylistStore store();

    /** A store over the same storage, as another MX node would see it. */
    GreylistStore otherNode();

    @BeforeEach
    default void startWithAnEmptyStore() {
        while (store().purgeExpired(FAR_FUTURE, 100_000) > 0) {
            // until empty
        }
    }

    static InetAddress ip(String text) {
        return InetAddresses.forString(text);
    }

    default Clocked greylist() {
        return greylist(GreylistSettings.defaults());
    }

    default Clocked greylist(GreylistSettings settings) {
        MutableClock clock = new MutableClock(START);
        return new Clocked(new Greylist(store(), settings, clock), clock);
    }

    /** A greylist and the clock it reads. */
    record Clocked(Greylist greylist, MutableClock clock) {
        Decision check(InetAddress client, String sender, String recipient) {
            return greylist.check(client, sender, recipient);
        }

        Decision check() {
            return check(CLIENT, SENDER, RECIPIENT);
        }

        void advance(Duration duration) {
            clock.advance(duration);
        }

        /** Greylists the triplet, waits the minimum delay, and passes it. */
        void pass(InetAddress client, String sender, String recipient) {
            assertThat(check(client, sender, recipient).outcome()).isEqualTo(Outcome.GREYLISTED);
            advance(greylist.settings().minDelay());
            assertThat(check(client, sender, recipient).outcome()).isEqualTo(Outcome.PASSED);
        }
    }

    private static void assertGreylisted(Decision decision, long retryInSeconds, boolean first) {
        assertThat(decision.outcome()).as(decision.toString()).isEqualTo(Outcome.GREYLISTED);
        assertThat(decision.delays()).isTrue();
        assertThat(decision.retryInSeconds()).isEqualTo(retryInSeconds);
        assertThat(decision.firstAttempt()).as("first attempt").isEqualTo(first);
        assertThat(decision.whitelistReason()).isEmpty();
    }

    private static void assertWhitelisted(Decision decision, WhitelistReason reason) {
        assertThat(decision.outcome()).as(decision.toString()).isEqualTo(Outcome.WHITELISTED);
        assertThat(decision.delays()).isFalse();
        assertThat(decision.whitelistReason()).contains(reason);
    }

    @Test
    default void aFirstAttemptIsGreylistedAndRemembered() {
        Clocked greylist = greylist();

        Decision decision = greylist.check();

        assertGreylisted(decision, 10, true);
        assertThat(decision.retryAfter()).contains(START.plusSeconds(10));
        assertThat(decision.key()).isEqualTo(GreylistKey.of(CLIENT, SENDER, RECIPIENT));
        assertThat(store().lookup(decision.key()).triplet()).isPresent();
    }

    @Test
    default void anEarlyRetryIsGreylistedWithTheRemainingTime() {
        Clocked greylist = greylist();
        greylist.check();
        greylist.advance(Duration.ofSeconds(4));

        Decision decision = greylist.check();

        assertGreylisted(decision, 6, false);
        assertThat(decision.retryAfter()).contains(START.plusSeconds(10));
    }

    @Test
    default void theRemainingTimeIsRoundedUpToWholeSeconds() {
        Clocked greylist = greylist();
        greylist.check();
        greylist.advance(Duration.ofMillis(9_500));

        assertGreylisted(greylist.check(), 1, false);
    }

    @Test
    default void aRetryAfterTheDelayPassesThenTheTripletIsWhitelisted() {
        Clocked greylist = greylist();
        greylist.check();
        greylist.advance(Duration.ofSeconds(10));

        Decision pass = greylist.check();
        assertThat(pass.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(pass.delays()).isFalse();
        assertThat(pass.waited()).isEqualTo(Duration.ofSeconds(10));

        greylist.advance(Duration.ofSeconds(1));
        assertWhitelisted(greylist.check(), WhitelistReason.TRIPLET);
    }

    @Test
    default void aRetryWithinTheSameSlash24FromAnotherHostCounts() {
        Clocked greylist = greylist();
        greylist.check(ip("192.0.2.10"), SENDER, RECIPIENT);
        greylist.advance(Duration.ofMinutes(5));

        assertThat(greylist.check(ip("192.0.2.200"), SENDER, RECIPIENT).outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    default void anotherSenderRecipientOrNetworkIsANewTriplet() {
        Clocked greylist = greylist();
        greylist.pass(CLIENT, SENDER, RECIPIENT);

        assertGreylisted(greylist.check(CLIENT, "carol@senders.test", RECIPIENT), 10, true);
        assertGreylisted(greylist.check(CLIENT, SENDER, "zed@example.com"), 10, true);
        assertGreylisted(greylist.check(ip("192.0.3.10"), SENDER, RECIPIENT), 10, true);
        assertWhitelisted(greylist.check(ip("192.0.2.99"), "Bob@Senders.Test", "ALICE@example.com"), WhitelistReason.TRIPLET);
    }

    @Test
    default void aPassedTripletIsRenewedByUseAtMostOnceADay() {
        Clocked greylist = greylist();
        greylist.pass(CLIENT, SENDER, RECIPIENT);
        Instant passedAt = START.plusSeconds(10);
        GreylistKey key = GreylistKey.of(CLIENT, SENDER, RECIPIENT);
        assertThat(expiry(key)).isEqualTo(passedAt.plus(Duration.ofDays(36)));

        greylist.advance(Duration.ofHours(23));
        assertWhitelisted(greylist.check(), WhitelistReason.TRIPLET);
        assertThat(expiry(key)).as("no write within the first day").isEqualTo(passedAt.plus(Duration.ofDays(36)));

        greylist.advance(Duration.ofHours(2));
        assertWhitelisted(greylist.check(), WhitelistReason.TRIPLET);
        assertThat(expiry(key)).isEqualTo(passedAt.plus(Duration.ofHours(25)).plus(Duration.ofDays(36)));
    }

    private GreylistStore.Triplet triplet(GreylistKey key) {
        return store().lookup(key).triplet().orElseThrow();
    }

    private Instant expiry(GreylistKey key) {
        return triplet(key).expiresAt();
    }

    @Test
    default void aTripletInUseStaysWhitelistedBeyondItsLifetime() {
        Clocked greylist = greylist();
        greylist.pass(CLIENT, SENDER, RECIPIENT);

        for (int month = 0; month < 4; month++) {
            greylist.advance(Duration.ofDays(30));
            assertWhitelisted(greylist.check(), WhitelistReason.TRIPLET);
        }
    }

    @Test
    default void anUnusedWhitelistedTripletExpiresAfterItsLifetime() {
        Clocked greylist = greylist();
        greylist.pass(CLIENT, SENDER, RECIPIENT);

        greylist.advance(Duration.ofDays(36).minusSeconds(1));
        assertWhitelisted(greylist.check(), WhitelistReason.TRIPLET);
        greylist.advance(Duration.ofDays(36));

        assertGreylisted(greylist.check(), 10, true);
    }

    @Test
    default void aRetryAfterTheWindowIsAFirstAttemptAgain() {
        Clocked greylist = greylist();
        greylist.check();
        greylist.advance(Duration.ofDays(2));

        assertGreylisted(greylist.check(), 10, true);
        greylist.advance(Duration.ofSeconds(5));
        assertGreylisted(greylist.check(), 5, false);
        greylist.advance(Duration.ofSeconds(5));
        assertThat(greylist.check().outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    default void aRetryJustWithinTheWindowPasses() {
        Clocked greylist = greylist();
        greylist.check();
        greylist.advance(Duration.ofDays(2).minusSeconds(1));

        assertThat(greylist.check().outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    default void aNetworkIsWhitelistedAfterFiveDistinctPassedTriplets() {
        Clocked greylist = greylist();
        for (int i = 1; i <= 4; i++) {
            greylist.pass(ip("192.0.2." + i), "sender" + i + "@senders.test", RECIPIENT);
        }
        assertGreylisted(greylist.check(ip("192.0.2.50"), "new@senders.test", "x@example.com"), 10, true);

        greylist.advance(Duration.ofSeconds(10));
        Decision fifth = greylist.check(ip("192.0.2.50"), "new@senders.test", "x@example.com");
        assertThat(fifth.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(fifth.networkNowWhitelisted()).isTrue();

        assertWhitelisted(greylist.check(ip("192.0.2.200"), "never-seen@elsewhere.test", "y@example.com"), WhitelistReason.NETWORK);
        assertWhitelisted(greylist.check(ip("192.0.2.200"), "", "y@example.com"), WhitelistReason.NETWORK);
        assertGreylisted(greylist.check(ip("192.0.3.1"), "never-seen@elsewhere.test", "y@example.com"), 10, true);
    }

    @Test
    default void repeatedUseOfOneTripletCountsOnceForItsNetwork() {
        Clocked greylist = greylist();
        greylist.pass(CLIENT, SENDER, RECIPIENT);
        for (int i = 0; i < 10; i++) {
            greylist.advance(Duration.ofSeconds(10));
            assertWhitelisted(greylist.check(), WhitelistReason.TRIPLET);
        }

        assertGreylisted(greylist.check(CLIENT, "new@senders.test", RECIPIENT), 10, true);
        assertThat(store().lookup(GreylistKey.of(CLIENT, SENDER, RECIPIENT)).network().orElseThrow().passedTriplets()).isEqualTo(1);
    }

    @Test
    default void aWhitelistedNetworkIsRenewedByUseAndExpiresWithout() {
        Clocked greylist = greylist();
        for (int i = 1; i <= 5; i++) {
            greylist.pass(ip("192.0.2." + i), "sender" + i + "@senders.test", RECIPIENT);
        }
        greylist.advance(Duration.ofDays(30));
        assertWhitelisted(greylist.check(ip("192.0.2.9"), "a@new.test", RECIPIENT), WhitelistReason.NETWORK);
        greylist.advance(Duration.ofDays(30));
        assertWhitelisted(greylist.check(ip("192.0.2.9"), "b@new.test", RECIPIENT), WhitelistReason.NETWORK);

        greylist.advance(Duration.ofDays(36));
        assertGreylisted(greylist.check(ip("192.0.2.9"), "c@new.test", RECIPIENT), 10, true);
    }

    @Test
    default void aThresholdOfZeroNeverWhitelistsANetwork() {
        Clocked greylist = greylist(GreylistSettings.builder().networkThreshold(0).build());
        for (int i = 1; i <= 6; i++) {
            greylist.pass(ip("192.0.2." + i), "sender" + i + "@senders.test", RECIPIENT);
        }

        assertGreylisted(greylist.check(ip("192.0.2.9"), "a@new.test", RECIPIENT), 10, true);
    }

    @Test
    default void aStaticNetworkIsNeverGreylistedNorStored() {
        Clocked greylist = greylist(GreylistSettings.builder()
            .staticNetworks(List.of(Cidr.parse("198.51.100.0/24"), Cidr.parse("2001:db8:feed::/48"))).build());

        assertWhitelisted(greylist.check(ip("198.51.100.77"), SENDER, RECIPIENT), WhitelistReason.STATIC);
        assertWhitelisted(greylist.check(ip("2001:db8:feed:1::25"), SENDER, RECIPIENT), WhitelistReason.STATIC);
        assertThat(store().lookup(GreylistKey.of(ip("198.51.100.77"), SENDER, RECIPIENT))).isEqualTo(GreylistStore.Lookup.NOTHING);
        assertGreylisted(greylist.check(ip("198.51.101.77"), SENDER, RECIPIENT), 10, true);
    }

    @Test
    default void aStaticSenderDomainAndItsSubdomainsAreNeverGreylisted() {
        Clocked greylist = greylist(GreylistSettings.builder().staticSenderDomains(List.of(DomainName.of("big-sender.test"))).build());

        assertWhitelisted(greylist.check(CLIENT, "news@big-sender.test", RECIPIENT), WhitelistReason.STATIC);
        assertWhitelisted(greylist.check(CLIENT, "Bounce@MX3.EU.Big-Sender.test", RECIPIENT), WhitelistReason.STATIC);
        assertWhitelisted(greylist.check(CLIENT, "prvs=1234567890=news@big-sender.test", RECIPIENT), WhitelistReason.STATIC);
        assertGreylisted(greylist.check(CLIENT, "news@not-big-sender.test", RECIPIENT), 10, true);
        assertGreylisted(greylist.check(CLIENT, "", RECIPIENT), 10, true);
    }

    @Test
    default void noNetworkIsExemptByDefaultNotEvenLoopbackOrPrivate() {
        Clocked greylist = greylist();

        for (String client : List.of("127.0.0.1", "10.1.2.3", "192.168.1.1", "172.16.0.1", "::1", "fd00::25")) {
            assertGreylisted(greylist.check(ip(client), SENDER, RECIPIENT), 10, true);
        }
    }

    @Test
    default void theNullSenderIsGreylistedAndPassesLikeAnyOther() {
        Clocked greylist = greylist();

        assertGreylisted(greylist.check(CLIENT, "", RECIPIENT), 10, true);
        assertGreylisted(greylist.check(CLIENT, "<>", RECIPIENT), 10, false);
        greylist.advance(Duration.ofSeconds(10));
        assertThat(greylist.check(CLIENT, "", RECIPIENT).outcome()).isEqualTo(Outcome.PASSED);
        assertGreylisted(greylist.check(CLIENT, SENDER, RECIPIENT), 10, true);
    }

    @Test
    default void anIpv6ClientIsKeyedByItsSlash64() {
        Clocked greylist = greylist();
        assertGreylisted(greylist.check(ip("2001:db8:1:2::25"), SENDER, RECIPIENT), 10, true);
        greylist.advance(Duration.ofSeconds(10));

        assertThat(greylist.check(ip("2001:db8:1:2:ffff::26"), SENDER, RECIPIENT).outcome()).isEqualTo(Outcome.PASSED);
        assertGreylisted(greylist.check(ip("2001:db8:1:3::25"), SENDER, RECIPIENT), 10, true);
    }

    @Test
    default void anotherNodeSeesTheSameTriplet() {
        Clocked greylist = greylist();
        MutableClock otherClock = new MutableClock(START.plusSeconds(2));
        Greylist otherNode = new Greylist(otherNode(), GreylistSettings.defaults(), otherClock);

        greylist.check();
        assertGreylisted(otherNode.check(CLIENT, SENDER, RECIPIENT), 8, false);
        otherClock.advance(Duration.ofSeconds(8));
        assertThat(otherNode.check(CLIENT, SENDER, RECIPIENT).outcome()).isEqualTo(Outcome.PASSED);

        greylist.advance(Duration.ofSeconds(11));
        assertWhitelisted(greylist.check(), WhitelistReason.TRIPLET);
    }

    @Test
    default void theMinimumDelayIsConfigurable() {
        Clocked greylist = greylist(GreylistSettings.builder().minDelay(Duration.ofMinutes(5)).build());

        assertGreylisted(greylist.check(), 300, true);
        greylist.advance(Duration.ofSeconds(299));
        assertGreylisted(greylist.check(), 1, false);
        greylist.advance(Duration.ofSeconds(1));
        assertThat(greylist.check().outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    default void thePurgeDeletesExpiredEntriesAtMostABatchPerRun() {
        Clocked greylist = greylist();
        for (int i = 0; i < 5; i++) {
            greylist.check(CLIENT, "s" + i + "@senders.test", RECIPIENT);
        }
        greylist.check(ip("203.0.113.1"), SENDER, RECIPIENT);
        GreylistPurger purger = new GreylistPurger(store(), GreylistSettings.builder().purgeBatch(2).build(), greylist.clock());
        Instant afterTheWindow = START.plus(Duration.ofDays(2)).plusSeconds(1);

        assertThat(purger.purgeOnce(START.plus(Duration.ofDays(1)))).isZero();
        assertThat(purger.purgeOnce(afterTheWindow)).isEqualTo(2);
        assertThat(purger.purgeOnce(afterTheWindow)).isEqualTo(2);
        assertThat(purger.purgeOnce(afterTheWindow)).isEqualTo(2);
        assertThat(purger.purgeOnce(afterTheWindow)).isZero();
    }

    @Test
    default void passedTripletsAndNetworksArePurgedOnlyAfterTheirLifetime() {
        Clocked greylist = greylist();
        greylist.pass(CLIENT, SENDER, RECIPIENT);
        GreylistPurger purger = new GreylistPurger(store(), GreylistSettings.defaults(), greylist.clock());

        assertThat(purger.purgeOnce(START.plus(Duration.ofDays(35)))).isZero();
        assertThat(purger.purgeOnce(START.plus(Duration.ofDays(37)))).isEqualTo(2);
    }
}
