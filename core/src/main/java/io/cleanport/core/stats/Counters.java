package io.cleanport.core.stats;

import java.util.Map;
import java.util.Optional;

import io.cleanport.core.policy.DomainName;

/**
 * Counts what the gateway does, per protected domain and in total, cheaply enough to be called for
 * every recipient: increments stay in memory and reach durable storage by {@link #flush()}.
 */
public interface Counters {

    /** Counts one event for {@code domain} and for the total. */
    default void increment(Counter counter, DomainName domain) {
        add(counter, domain, 1);
    }

    /** Counts one event that belongs to no protected domain: the total only. */
    default void increment(Counter counter) {
        add(counter, 1);
    }

    /** Counts {@code amount} (at least 0) events for {@code domain} and for the total. */
    void add(Counter counter, DomainName domain, long amount);

    /** Counts {@code amount} (at least 0) events for the total only. */
    void add(Counter counter, long amount);

    /**
     * Every counter (in {@link Counter} order, 0 when never counted) of {@code domain}, or of the total
     * when empty: what is stored plus what this instance counted and has not flushed yet.
     */
    Map<Counter, Long> snapshot(Optional<DomainName> domain);

    /** Makes the counts so far durable. */
    void flush();
}
