package io.cleanport.core.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cleanport.core.cache.ExpiringCache;

/**
 * Keeps the answers of another {@link PolicyStore} in memory, because policies are read for every
 * recipient of every message.
 *
 * <p>Domain policies, user policies (including the answer "no such domain / user") and the relay
 * network list are cached for a fixed time after they are read (default 30 seconds), so changes made
 * by other MX nodes sharing the database are seen within that time. Writes through this store
 * invalidate the affected entries at once. Listings ({@link #domains()}, {@link #users(DomainName)})
 * are administrative and always read through.
 */
public final class CachingPolicyStore implements PolicyStore {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private static final long MAX_ENTRIES = 100_000;
    private static final String ALL = "all";

    private final PolicyStore delegate;
    private final ExpiringCache<DomainName, Optional<DomainPolicy>> domains;
    private final ExpiringCache<UserKey, Optional<UserPolicy>> users;
    /** One key, {@link #ALL}: the list of every domain's relay networks. */
    private final ExpiringCache<String, List<Cidr>> relayNetworks;

    /** Caches for {@link #DEFAULT_TTL}. */
    public CachingPolicyStore(PolicyStore delegate) {
        this(delegate, DEFAULT_TTL, Clock.systemUTC());
    }

    public CachingPolicyStore(PolicyStore delegate, Duration ttl) {
        this(delegate, ttl, Clock.systemUTC());
    }

    /**
     * @param ttl   how long an answer is reused after it was read; must be positive
     * @param clock measures that time (a fake clock in tests)
     */
    public CachingPolicyStore(PolicyStore delegate, Duration ttl, Clock clock) {
        this.domains = new ExpiringCache<>(ttl, clock, MAX_ENTRIES, delegate::domain);
        this.users = new ExpiringCache<>(ttl, clock, MAX_ENTRIES, key -> delegate.user(key.domain(), key.localPart()));
        this.relayNetworks = new ExpiringCache<>(ttl, clock, 1, key -> delegate.relayNetworks());
        this.delegate = delegate;
    }

    @Override
    public void putDomain(DomainName domain, DomainPolicy policy) {
        try {
            delegate.putDomain(domain, policy);
        } finally {
            domains.invalidate(domain);
            relayNetworks.invalidateAll();
        }
    }

    @Override
    public Optional<DomainPolicy> domain(DomainName domain) {
        return domains.get(domain);
    }

    @Override
    public List<DomainName> domains() {
        return delegate.domains();
    }

    @Override
    public boolean deleteDomain(DomainName domain) {
        try {
            return delegate.deleteDomain(domain);
        } finally {
            domains.invalidate(domain);
            users.invalidateIf(key -> key.domain().equals(domain));
            relayNetworks.invalidateAll();
        }
    }

    @Override
    public void putUser(DomainName domain, String localPart, UserPolicy policy) {
        UserKey key = UserKey.of(domain, localPart);
        try {
            delegate.putUser(domain, key.localPart(), policy);
        } finally {
            users.invalidate(key);
        }
    }

    @Override
    public Optional<UserPolicy> user(DomainName domain, String localPart) {
        return users.get(UserKey.of(domain, localPart));
    }

    @Override
    public Map<String, UserPolicy> users(DomainName domain) {
        return delegate.users(domain);
    }

    @Override
    public boolean deleteUser(DomainName domain, String localPart) {
        UserKey key = UserKey.of(domain, localPart);
        try {
            return delegate.deleteUser(domain, key.localPart());
        } finally {
            users.invalidate(key);
        }
    }

    @Override
    public List<Cidr> relayNetworks() {
        return relayNetworks.get(ALL);
    }

    /** Forgets everything cached, e.g. after an administrator changed the database by hand. */
    public void invalidateAll() {
        domains.invalidateAll();
        users.invalidateAll();
        relayNetworks.invalidateAll();
    }

    private record UserKey(DomainName domain, String localPart) {
        static UserKey of(DomainName domain, String localPart) {
            return new UserKey(domain, LocalPart.of(localPart).value());
        }
    }
}
