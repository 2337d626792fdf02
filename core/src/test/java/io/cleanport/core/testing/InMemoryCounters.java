package io.cleanport.core.testing;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.stats.Counters;

/** {@link Counters} in memory only, for tests of the code that counts. */
public final class InMemoryCounters implements Counters {
    private static final String TOTAL = "*";
    private final Map<String, LongAdder> values = new ConcurrentHashMap<>();

    @Override
    public void add(Counter counter, DomainName domain, long amount) {
        add(counter, amount);
        adder(counter, domain.name()).add(amount);
    }

    @Override
    public void add(Counter counter, long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counters only grow; got " + amount);
        }
        adder(counter, TOTAL).add(amount);
    }

    private LongAdder adder(Counter counter, String scope) {
        return values.computeIfAbsent(counter.key() + "|" + scope, key -> new LongAdder());
    }

    @Override
    public Map<Counter, Long> snapshot(Optional<DomainName> domain) {
        String scope = domain.map(DomainName::name).orElse(TOTAL);
        Map<Counter, Long> snapshot = new EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            LongAdder adder = values.get(counter.key() + "|" + scope);
            snapshot.put(counter, adder == null ? 0L : adder.sum());
        }
        return Collections.unmodifiableMap(snapshot);
    }

    @Override
    public void flush() {
    }

    /** The count of {@code counter} for {@code domain}. */
    public long get(Counter counter, DomainName domain) {
        return snapshot(Optional.of(domain)).get(counter);
    }

    /** The total count of {@code counter}. */
    public long total(Counter counter) {
        return snapshot(Optional.empty()).get(counter);
    }
}
