package io.cleanport.core.content;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.cleanport.core.cache.ExpiringCache;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.senders.SenderListScope;

/**
 * Keeps the rules of another {@link ContentRuleStore} in memory for {@link #rulesFor}, which runs for
 * every recipient of every message.
 *
 * <p>The rules of a scope (including "no rules", the common answer for a recipient) are cached for a
 * fixed time after they are read (default 30 seconds, like the policies and the sender lists), so rules
 * added by other MX nodes sharing the database are seen within that time. Writes through this store
 * invalidate the scope at once. {@link #list} and {@link #get} are administrative and always read
 * through.
 */
public final class CachingContentRuleStore implements ContentRuleStore {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private static final long MAX_SCOPES = 100_000;

    private final ContentRuleStore delegate;
    private final ExpiringCache<SenderListScope, List<ContentRule>> rules;

    /** Caches for {@link #DEFAULT_TTL}. */
    public CachingContentRuleStore(ContentRuleStore delegate) {
        this(delegate, DEFAULT_TTL, Clock.systemUTC());
    }

    public CachingContentRuleStore(ContentRuleStore delegate, Duration ttl) {
        this(delegate, ttl, Clock.systemUTC());
    }

    /**
     * @param ttl   how long rules are reused after they were read; must be positive
     * @param clock measures that time (a fake clock in tests)
     */
    public CachingContentRuleStore(ContentRuleStore delegate, Duration ttl, Clock clock) {
        this.rules = new ExpiringCache<>(ttl, clock, MAX_SCOPES, delegate::list);
        this.delegate = delegate;
    }

    @Override
    public ContentRule add(SenderListScope scope, ContentRule rule) {
        return changing(scope, () -> delegate.add(scope, rule));
    }

    @Override
    public List<ContentRule> list(SenderListScope scope) {
        return delegate.list(scope);
    }

    @Override
    public Optional<ContentRule> get(SenderListScope scope, String id) {
        return delegate.get(scope, id);
    }

    @Override
    public boolean remove(SenderListScope scope, String id) {
        return changing(scope, () -> delegate.remove(scope, id));
    }

    @Override
    public int removeDomain(DomainName domain) {
        try {
            return delegate.removeDomain(domain);
        } finally {
            rules.invalidateIf(scope -> scope.domainName().equals(domain));
        }
    }

    @Override
    public RecipientRules rulesFor(DomainName domain, String localPart) {
        return RecipientRules.read(rules::get, domain, localPart);
    }

    /** Forgets everything cached, e.g. after an administrator changed the database by hand. */
    public void invalidateAll() {
        rules.invalidateAll();
    }

    /** Runs {@code write} on the delegate, then forgets {@code scope}, even if the write failed half-way. */
    private <T> T changing(SenderListScope scope, Supplier<T> write) {
        try {
            return write.get();
        } finally {
            rules.invalidate(scope);
        }
    }
}
