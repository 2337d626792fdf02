package io.cleanport.core.testing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.cleanport.core.greylist.GreylistKey;
import io.cleanport.core.greylist.GreylistStore;

/** A {@link GreylistStore} in memory, for tests of the code that greylists. */
public final class InMemoryGreylistStore implements GreylistStore {
    private final Map<String, Triplet> triplets = new ConcurrentHashMap<>();
    private final Map<String, Network> networks = new ConcurrentHashMap<>();

    @Override
    public Lookup lookup(GreylistKey key) {
        return new Lookup(Optional.ofNullable(triplets.get(key.id())), Optional.ofNullable(networks.get(key.network())));
    }

    @Override
    public boolean startTriplet(GreylistKey key, Instant firstSeen, Instant expiresAt) {
        AtomicBoolean started = new AtomicBoolean();
        triplets.compute(key.id(), (id, existing) -> {
            if (existing != null && existing.liveAt(firstSeen)) {
                return existing;
            }
            started.set(true);
            return new Triplet(firstSeen, Optional.empty(), expiresAt);
        });
        return started.get();
    }

    @Override
    public boolean markPassed(GreylistKey key, Instant passedAt, Instant expiresAt) {
        AtomicBoolean marked = new AtomicBoolean();
        triplets.computeIfPresent(key.id(), (id, existing) -> {
            if (existing.passed() || !existing.liveAt(passedAt)) {
                return existing;
            }
            marked.set(true);
            return new Triplet(existing.firstSeen(), Optional.of(passedAt), expiresAt);
        });
        return marked.get();
    }

    @Override
    public void renewTriplet(GreylistKey key, Instant expiresAt) {
        triplets.computeIfPresent(key.id(), (id, existing) -> new Triplet(existing.firstSeen(), existing.passedAt(), expiresAt));
    }

    @Override
    public int recordNetworkPass(String network, Instant now, Instant expiresAt) {
        AtomicInteger count = new AtomicInteger();
        networks.compute(network, (name, existing) -> {
            int passed = existing == null || !existing.liveAt(now) ? 1 : existing.passedTriplets() + 1;
            count.set(passed);
            return new Network(passed, expiresAt);
        });
        return count.get();
    }

    @Override
    public void renewNetwork(String network, Instant expiresAt) {
        networks.computeIfPresent(network, (name, existing) -> new Network(existing.passedTriplets(), expiresAt));
    }

    @Override
    public synchronized int purgeExpired(Instant now, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        int deleted = purge(triplets, now, maxEntries, Triplet::expiresAt);
        return deleted + purge(networks, now, maxEntries - deleted, Network::expiresAt);
    }

    private static <V> int purge(Map<String, V> entries, Instant now, int limit, java.util.function.Function<V, Instant> expiry) {
        if (limit <= 0) {
            return 0;
        }
        List<String> expired = entries.entrySet().stream()
            .filter(entry -> expiry.apply(entry.getValue()).isBefore(now))
            .sorted(Comparator.comparing(entry -> expiry.apply(entry.getValue())))
            .limit(limit)
            .map(Map.Entry::getKey)
            .toList();
        int deleted = 0;
        for (String key : expired) {
            if (entries.computeIfPresent(key, (k, v) -> expiry.apply(v).isBefore(now) ? null : v) == null) {
                deleted++;
            }
        }
        return deleted;
    }

    /** How many triplets and networks are stored, expired ones included. */
    public int size() {
        return triplets.size() + networks.size();
    }
}
