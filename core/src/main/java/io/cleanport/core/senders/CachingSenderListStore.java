package io.cleanport.core.senders;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.cleanport.core.cache.ExpiringCache;
import io.cleanport.core.policy.DomainName;

/**
 * Keeps the lists of another {@link SenderListStore} in memory for {@link #classify}, which runs for
 * every recipient of every message.
 *
 * <p>The lists of a scope (including "no entries", the common answer for a recipient) are cached for
 * a fixed time after they are read (default 30 seconds, like the policies), so entries added by other
 * MX nodes sharing the database are seen within that time. Writes through this store invalidate the
 * scope at once. {@link #list} is administrative and always reads through.
 */
public final class CachingSenderListStore implements SenderListStore {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private static final long MAX_SCOPES = 100_000;

    private final SenderListStore delegate;
    private final ExpiringCache<SenderListScope, SenderLists> lists;

    /** Caches for {@link #DEFAULT_TTL}. */
    public CachingSenderListStore(SenderListStore delegate) {
        this(delegate, DEFAULT_TTL, Clock.systemUTC());
    }

    public CachingSenderListStore(SenderListStore delegate, Duration ttl) {
        this(delegate, ttl, Clock.systemUTC());
    }

    /**
     * @param ttl   how long lists are reused after they were read; must be positive
     * @param clock measures that time (a fake clock in tests)
     */
    public CachingSenderListStore(SenderListStore delegate, Duration ttl, Clock clock) {
        this.lists = new ExpiringCache<>(ttl, clock, MAX_SCOPES, delegate::list);
        this.delegate = delegate;
    }

    @Override
    public boolean add(SenderListScope scope, ListKind kind, SenderPattern pattern) {
        return changing(scope, () -> delegate.add(scope, kind, pattern));
    }

    @Override
    public boolean remove(SenderListScope scope, ListKind kind, SenderPattern pattern) {
        return changing(scope, () -> delegate.remove(scope, kind, pattern));
    }

    @Override
    public SenderLists list(SenderListScope scope) {
        return delegate.list(scope);
    }

    @Override
    public int removeDomain(DomainName domain) {
        try {
            return delegate.removeDomain(domain);
        } finally {
            lists.invalidateIf(scope -> scope.domainName().equals(domain));
        }
    }

    @Override
    public SenderListVerdict classify(DomainName recipientDomain, String recipientLocalPart, String sender) {
        return SenderListPrecedence.classify(lists::get, recipientDomain, recipientLocalPart, sender);
    }

    /** Forgets everything cached, e.g. after an administrator changed the database by hand. */
    public void invalidateAll() {
        lists.invalidateAll();
    }

    /** Runs {@code write} on the delegate, then forgets {@code scope}, even if the write failed half-way. */
    private boolean changing(SenderListScope scope, BooleanSupplier write) {
        try {
            return write.getAsBoolean();
        } finally {
            lists.invalidate(scope);
        }
    }
}
