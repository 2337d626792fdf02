package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.MutableClock;

/** The cache in front of a store: the contract, and what the cache adds to it. */
class CachingPolicyStoreTest implements PolicyStoreContract {
    static final Duration TTL = Duration.ofSeconds(30);
    static final DomainPolicy SPAM_LEVEL_5 = DomainPolicy.builder().spamLevel(5).build();

    /** The shared database, as other MX nodes see it. */
    private final PolicyStore underlying = new InMemoryPolicyStore();
    private final MutableClock clock = MutableClock.atEpochPlusOneDay();
    private CachingPolicyStore store = new CachingPolicyStore(underlying, TTL, clock);

    @Override
    public PolicyStore store() {
        return store;
    }

    /** A new cache over the same storage, as after a restart. */
    @Override
    public PolicyStore reopenedStore() {
        store = new CachingPolicyStore(underlying, TTL, clock);
        return store;
    }

    @Test
    void aWriteThroughTheCacheIsSeenAtOnce() {
        store.putDomain(EXAMPLE, DomainPolicy.defaults());
        assertThat(store.domain(EXAMPLE)).contains(DomainPolicy.defaults());

        store.putDomain(EXAMPLE, SPAM_LEVEL_5);

        assertThat(store.domain(EXAMPLE)).contains(SPAM_LEVEL_5);
    }

    @Test
    void negativeAnswersAreInvalidatedByWrites() {
        assertThat(store.domain(EXAMPLE)).isEmpty();
        store.putDomain(EXAMPLE, DomainPolicy.defaults());
        assertThat(store.domain(EXAMPLE)).isPresent();

        assertThat(store.user(EXAMPLE, "alice")).isEmpty();
        store.putUser(EXAMPLE, "Alice", UserPolicy.empty());
        assertThat(store.user(EXAMPLE, "alice")).contains(UserPolicy.empty());

        store.deleteUser(EXAMPLE, "ALICE");
        assertThat(store.user(EXAMPLE, "alice")).isEmpty();
    }

    @Test
    void deletingADomainInvalidatesItsUsers() {
        store.putDomain(EXAMPLE, DomainPolicy.defaults());
        store.putUser(EXAMPLE, "alice", UserPolicy.empty());
        assertThat(store.user(EXAMPLE, "alice")).isPresent();

        store.deleteDomain(EXAMPLE);

        assertThat(store.domain(EXAMPLE)).isEmpty();
        assertThat(store.user(EXAMPLE, "alice")).isEmpty();
    }

    @Test
    void relayNetworksAreInvalidatedByDomainWrites() {
        assertThat(store.relayNetworks()).isEmpty();

        store.putDomain(EXAMPLE, DomainPolicy.builder().relayNetworks(List.of(Cidr.parse("192.0.2.0/24"))).build());

        assertThat(store.relayNetworks()).containsExactly(Cidr.parse("192.0.2.0/24"));
    }

    @Test
    void changesBehindTheCacheAreSeenOnlyAfterTheTtl() {
        store.putDomain(EXAMPLE, DomainPolicy.defaults());
        assertThat(store.domain(EXAMPLE)).contains(DomainPolicy.defaults());
        assertThat(store.user(EXAMPLE, "alice")).isEmpty();
        assertThat(store.relayNetworks()).isEmpty();

        // another MX node writes to the shared database
        underlying.putDomain(EXAMPLE, DomainPolicy.builder().spamLevel(5)
            .relayNetworks(List.of(Cidr.parse("192.0.2.0/24"))).build());
        underlying.putUser(EXAMPLE, "alice", UserPolicy.empty());
        clock.advance(TTL.minusSeconds(1));

        assertThat(store.domain(EXAMPLE)).contains(DomainPolicy.defaults());
        assertThat(store.user(EXAMPLE, "alice")).isEmpty();
        assertThat(store.relayNetworks()).isEmpty();

        clock.advance(Duration.ofSeconds(2));

        assertThat(store.domain(EXAMPLE).map(DomainPolicy::spamLevel)).contains(5);
        assertThat(store.user(EXAMPLE, "alice")).isPresent();
        assertThat(store.relayNetworks()).containsExactly(Cidr.parse("192.0.2.0/24"));
    }
}
