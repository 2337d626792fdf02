package io.cleanport.core.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import com.google.common.base.Ticker;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.util.concurrent.UncheckedExecutionException;

/**
 * Answers of a slower source (a database) kept in memory for a fixed time after they were read, so that
 * what is asked for every recipient of every message costs one read per key and period.
 *
 * <p>An answer is reused until {@code ttl} after it was loaded, then loaded again: changes made behind the
 * cache (by another node sharing the database) are seen within that time. Whoever writes to the source
 * through the cache's owner forgets the keys it changed ({@link #invalidate}, {@link #invalidateIf}), so
 * its own writes are seen at once. Every answer is cached, "nothing there" too (an empty
 * {@link java.util.Optional} or list), so the loader must not return {@code null}.
 *
 * @param <K> what an answer is looked up by
 * @param <V> the answer
 */
public final class ExpiringCache<K, V> {
    private final LoadingCache<K, V> entries;

    /**
     * @param ttl         how long an answer is reused after it was loaded; must be positive
     * @param clock       measures that time (a fake clock in tests)
     * @param maximumKeys how many answers are kept at most; the least recently used go first
     * @param loader      reads the answer for a key from the source
     */
    public ExpiringCache(Duration ttl, Clock clock, long maximumKeys, Function<? super K, ? extends V> loader) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        Objects.requireNonNull(clock, "clock");
        Ticker ticker = new Ticker() {
            @Override
            public long read() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }
        };
        this.entries = CacheBuilder.newBuilder().expireAfterWrite(ttl).ticker(ticker).maximumSize(maximumKeys)
            .build(CacheLoader.from(loader::apply));
    }

    /**
     * The answer for {@code key}, loaded if it is not cached or has expired.
     *
     * @throws RuntimeException the loader's own, as it threw it
     */
    public V get(K key) {
        try {
            return entries.getUnchecked(key);
        } catch (UncheckedExecutionException e) {
            // Surface the source's own exception (StoreException, ...) rather than Guava's wrapper.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Forgets the answer for {@code key}, after a write that changed it. */
    public void invalidate(K key) {
        entries.invalidate(key);
    }

    /** Forgets the answers of every cached key {@code which} accepts, after a write that changed them all. */
    public void invalidateIf(Predicate<? super K> which) {
        entries.asMap().keySet().removeIf(which);
    }

    /** Forgets every answer. */
    public void invalidateAll() {
        entries.invalidateAll();
    }
}
