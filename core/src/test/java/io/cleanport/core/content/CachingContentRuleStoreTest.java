package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.testing.InMemoryContentRuleStore;
import io.cleanport.core.testing.MutableClock;

/** The cache in front of a store: the contract, and what the cache adds to it. */
class CachingContentRuleStoreTest implements ContentRuleStoreContract {
    static final Duration TTL = Duration.ofSeconds(30);

    /** The shared database, as other MX nodes see it. */
    private final ContentRuleStore underlying = new InMemoryContentRuleStore(LIMIT);
    private final MutableClock clock = MutableClock.atEpochPlusOneDay();
    private CachingContentRuleStore store = new CachingContentRuleStore(underlying, TTL, clock);

    @Override
    public ContentRuleStore store() {
        return store;
    }

    /** A new cache over the same storage, as after a restart. */
    @Override
    public ContentRuleStore reopenedStore() {
        store = new CachingContentRuleStore(underlying, TTL, clock);
        return store;
    }

    @Test
    void writesThroughTheCacheAreSeenAtOnce() {
        assertThat(store.rulesFor(EXAMPLE, "alice").isEmpty()).isTrue();

        ContentRule exe = store.add(ALICE, EXE);
        assertThat(store.rulesFor(EXAMPLE, "alice").user()).containsExactly(exe);

        ContentRule domainRule = store.add(DOMAIN, BIG);
        assertThat(store.rulesFor(EXAMPLE, "alice").domain()).containsExactly(domainRule);

        store.remove(ALICE, exe.id().orElseThrow());
        assertThat(store.rulesFor(EXAMPLE, "alice").user()).isEmpty();
    }

    @Test
    void removingADomainForgetsItsCachedUserRules() {
        store.add(ALICE, EXE);
        assertThat(store.rulesFor(EXAMPLE, "alice").isEmpty()).isFalse();

        store.removeDomain(EXAMPLE);

        assertThat(store.rulesFor(EXAMPLE, "alice").isEmpty()).isTrue();
    }

    @Test
    void changesBehindTheCacheAreSeenByRulesForOnlyAfterTheTtl() {
        assertThat(store.rulesFor(EXAMPLE, "alice").isEmpty()).isTrue();

        // another MX node writes to the shared database
        ContentRule added = underlying.add(DOMAIN, EXE);
        clock.advance(TTL.minusSeconds(1));

        assertThat(store.rulesFor(EXAMPLE, "alice").isEmpty()).isTrue();
        // listings and single rules are administrative: they read through
        assertThat(store.list(DOMAIN)).containsExactly(added);
        assertThat(store.get(DOMAIN, added.id().orElseThrow())).contains(added);

        clock.advance(Duration.ofSeconds(2));

        assertThat(store.rulesFor(EXAMPLE, "alice").domain()).containsExactly(added);
    }

    @Test
    void rulesForReadsEachScopeOnceWithinTheTtl() {
        CountingStore counting = new CountingStore(new InMemoryContentRuleStore());
        CachingContentRuleStore cached = new CachingContentRuleStore(counting, TTL, clock);

        for (int i = 0; i < 5; i++) {
            cached.rulesFor(EXAMPLE, "alice");
        }

        assertThat(counting.reads).isEqualTo(2); // alice's rules and the domain's
    }

    private static class CountingStore implements ContentRuleStore {
        final ContentRuleStore delegate;
        int reads;

        CountingStore(ContentRuleStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public ContentRule add(SenderListScope scope, ContentRule rule) {
            return delegate.add(scope, rule);
        }

        @Override
        public List<ContentRule> list(SenderListScope scope) {
            reads++;
            return delegate.list(scope);
        }

        @Override
        public Optional<ContentRule> get(SenderListScope scope, String id) {
            return delegate.get(scope, id);
        }

        @Override
        public boolean remove(SenderListScope scope, String id) {
            return delegate.remove(scope, id);
        }

        @Override
        public int removeDomain(DomainName domain) {
            return delegate.removeDomain(domain);
        }
    }
}
