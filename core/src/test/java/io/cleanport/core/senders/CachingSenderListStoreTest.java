package io.cleanport.core.senders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.senders.SenderListVerdict.Decision;
import io.cleanport.core.testing.MutableClock;

/** The cache in front of a store: the contract, and what the cache adds to it. */
class CachingSenderListStoreTest implements SenderListStoreContract {
    static final Duration TTL = Duration.ofSeconds(30);

    /** The shared database, as other MX nodes see it. */
    private final SenderListStore underlying = new InMemorySenderListStore(LIMIT);
    private final MutableClock clock = MutableClock.atEpochPlusOneDay();
    private CachingSenderListStore store = new CachingSenderListStore(underlying, TTL, clock);

    @Override
    public SenderListStore store() {
        return store;
    }

    /** A new cache over the same storage, as after a restart. */
    @Override
    public SenderListStore reopenedStore() {
        store = new CachingSenderListStore(underlying, TTL, clock);
        return store;
    }

    @Test
    void writesThroughTheCacheAreSeenAtOnce() {
        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").decision()).isEqualTo(Decision.NONE);

        store.add(ALICE, ListKind.BLOCK, BOB_AT_ORG);
        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").isBlocked()).isTrue();

        store.add(ALICE, ListKind.ALLOW, BOB_AT_ORG);
        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").isAllowed()).isTrue();

        store.remove(ALICE, ListKind.ALLOW, BOB_AT_ORG);
        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void removingADomainForgetsItsCachedUserLists() {
        store.add(ALICE, ListKind.BLOCK, ORG);
        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").isBlocked()).isTrue();

        store.removeDomain(EXAMPLE);

        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").decision()).isEqualTo(Decision.NONE);
    }

    @Test
    void changesBehindTheCacheAreSeenByClassifyOnlyAfterTheTtl() {
        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").decision()).isEqualTo(Decision.NONE);

        // another MX node writes to the shared database
        underlying.add(DOMAIN, ListKind.BLOCK, ORG);
        clock.advance(TTL.minusSeconds(1));

        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").decision()).isEqualTo(Decision.NONE);
        // listings are administrative: they read through
        assertThat(store.list(DOMAIN).block()).containsExactly(ORG);

        clock.advance(Duration.ofSeconds(2));

        assertThat(store.classify(EXAMPLE, "alice", "bob@example.org").isBlocked()).isTrue();
    }

    @Test
    void classifyReadsEachScopeOnceWithinTheTtl() {
        CountingStore counting = new CountingStore(new InMemorySenderListStore());
        CachingSenderListStore cached = new CachingSenderListStore(counting, TTL, clock);

        for (int i = 0; i < 5; i++) {
            cached.classify(EXAMPLE, "alice", "bob@example.org");
        }

        assertThat(counting.reads).isEqualTo(2); // alice's lists and the domain's
    }

    private static class CountingStore implements SenderListStore {
        final SenderListStore delegate;
        int reads;

        CountingStore(SenderListStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean add(SenderListScope scope, ListKind kind, SenderPattern pattern) {
            return delegate.add(scope, kind, pattern);
        }

        @Override
        public boolean remove(SenderListScope scope, ListKind kind, SenderPattern pattern) {
            return delegate.remove(scope, kind, pattern);
        }

        @Override
        public SenderLists list(SenderListScope scope) {
            reads++;
            return delegate.list(scope);
        }

        @Override
        public int removeDomain(DomainName domain) {
            return delegate.removeDomain(domain);
        }
    }
}
