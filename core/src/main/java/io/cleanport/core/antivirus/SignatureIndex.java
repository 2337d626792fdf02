package io.cleanport.core.antivirus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.scan.SimilarityDigest;

/**
 * The learned virus signatures in memory: the lookup every scan makes first, for each file, before any
 * rule or engine. Thread-safe; {@link #match} takes no lock.
 *
 * <p>A file matches a signature of the same SHA-256 (one hash-map lookup), or else, when it has a
 * {@link SimilarityDigest}, the signature whose digest is most similar to its own, if that similarity
 * reaches the threshold: a re-packed copy of a learned virus with a few bytes changed is caught too. The
 * similar candidates come from an inverted index of the digests' smallest retained hashes, never from a pass
 * over every signature: only those that share at least half the threshold of the file's posted hashes and
 * whose size is within a factor 2 of the file's are compared, the {@value #MAX_COMPARED} sharing the most at
 * most. Files too small for a digest (under {@value SimilarityDigest#MIN_BYTES} bytes) match exactly only.
 *
 * <p>{@link #learn} and {@link #delete} write through to the {@link SignatureStore} and change the memory at
 * once, so this node acts on them immediately; other nodes see them at their next {@link #refresh}, which
 * costs one read of {@link SignatureStore#changeCount()} when nothing changed and otherwise reads only the
 * signatures added since and the list of ids ({@link SignatureSync} calls it every two seconds). Hits are
 * counted in memory and added to the store by {@link #flushHits}.
 */
public final class SignatureIndex {
    /** The similarity from which a file counts as a copy of a learned virus, unless configured otherwise. */
    public static final double DEFAULT_SIMILARITY_THRESHOLD = 0.8;
    /** Below this, unrelated files that share a file format would start to match. */
    public static final double MIN_SIMILARITY_THRESHOLD = 0.5;
    /** At most this many digests are compared with a file's, the candidates sharing the most hashes. */
    static final int MAX_COMPARED = 32;
    /** At most this many signatures are read per posted hash of a file, whatever the index holds. */
    static final int MAX_IDS_PER_HASH = 1024;
    /** Postings added or deleted since the last build after which the postings are built again. */
    static final int REBUILD_AFTER_POSTINGS = 32 * 1024;

    private static final Comparator<Candidate> MOST_SHARED_FIRST =
        Comparator.comparingInt(Candidate::shared).reversed().thenComparingLong(Candidate::id);

    private final SignatureStore store;
    private final Clock clock;
    private final double threshold;

    private final ConcurrentHashMap<String, VirusSignature> bySha256 = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, VirusSignature> byId = new ConcurrentHashMap<>();
    private volatile SignaturePostings postings = SignaturePostings.empty();
    /** Hits not yet added to the store, by signature id. */
    private final ConcurrentHashMap<Long, Long> pendingHits = new ConcurrentHashMap<>();

    /** Orders the writers: learn, delete, refresh. Readers never take it. */
    private final Object writeLock = new Object();
    /** The change count of the store last loaded; -1 before the first load. Guarded by writeLock. */
    private long loadedChangeCount = -1;
    /** Every signature up to this id that the store held at the last load is in memory. Guarded by writeLock. */
    private long loadedUpToId;
    /** Postings of signatures deleted since the last build. Guarded by writeLock. */
    private int stalePostings;

    /**
     * Creates the index and loads every signature of {@code store}.
     *
     * @param similarityThreshold from {@value #MIN_SIMILARITY_THRESHOLD} to 1; 1 keeps only near-identical copies
     * @throws IllegalArgumentException naming the threshold if it is out of range
     */
    public SignatureIndex(SignatureStore store, Clock clock, double similarityThreshold) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(similarityThreshold >= MIN_SIMILARITY_THRESHOLD && similarityThreshold <= 1)) {
            throw new IllegalArgumentException("similarityThreshold: " + similarityThreshold + " must be from "
                + MIN_SIMILARITY_THRESHOLD + " to 1");
        }
        this.threshold = similarityThreshold;
        refresh();
    }

    /** An index with {@link #DEFAULT_SIMILARITY_THRESHOLD}. */
    public SignatureIndex(SignatureStore store, Clock clock) {
        this(store, clock, DEFAULT_SIMILARITY_THRESHOLD);
    }

    public double similarityThreshold() {
        return threshold;
    }

    /**
     * The signature that recognises the file of {@code fingerprint}, if one does: exactly, else by
     * similarity. A match counts as a hit of the signature.
     */
    public Optional<SignatureMatch> match(Fingerprint fingerprint) {
        VirusSignature exact = bySha256.get(fingerprint.sha256());
        if (exact != null) {
            countHit(exact);
            return Optional.of(SignatureMatch.exact(exact));
        }
        Optional<SignatureMatch> similar = fingerprint.similarity().flatMap(digest -> mostSimilar(digest, fingerprint.size()));
        similar.ifPresent(match -> countHit(match.signature()));
        return similar;
    }

    private Optional<SignatureMatch> mostSimilar(SimilarityDigest digest, long size) {
        long[] hashes = SignaturePostings.indexedHashes(digest);
        SignaturePostings current = postings;
        Map<Long, Integer> shared = new HashMap<>();
        for (long hash : hashes) {
            current.forEachId(hash, MAX_IDS_PER_HASH, id -> shared.merge(id, 1, Integer::sum));
        }
        int minShared = Math.max(1, (int) Math.ceil(threshold / 2 * hashes.length));
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<Long, Integer> entry : shared.entrySet()) {
            if (entry.getValue() >= minShared) {
                VirusSignature signature = byId.get(entry.getKey());
                // null: deleted since it was posted
                if (signature != null && signature.similarity().isPresent() && sizesComparable(size, signature.size())) {
                    candidates.add(new Candidate(signature, entry.getValue()));
                }
            }
        }
        candidates.sort(MOST_SHARED_FIRST);
        SignatureMatch best = null;
        for (Candidate candidate : candidates.subList(0, Math.min(MAX_COMPARED, candidates.size()))) {
            double similarity = digest.similarity(candidate.signature().similarity().orElseThrow());
            if (similarity >= threshold && (best == null || similarity > best.similarity())) {
                best = new SignatureMatch(candidate.signature(), false, Math.min(1, similarity));
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether two sizes are within a factor 2 of each other: a copy with small changes keeps its size. */
    private static boolean sizesComparable(long a, long b) {
        return a <= 2 * b && b <= 2 * a;
    }

    private void countHit(VirusSignature signature) {
        pendingHits.merge(signature.id(), 1L, Long::sum);
    }

    /**
     * Learns a virus signature: stores it (unless its content is stored already; then the stored one is
     * kept) and recognises it on this node from now on.
     *
     * <p>Content this node holds already is not sent to the store again: the same virus comes in many
     * messages, and every virus verdict is learned.
     *
     * @return the signature as stored
     */
    public VirusSignature learn(NewSignature signature) {
        Objects.requireNonNull(signature, "signature");
        VirusSignature known = bySha256.get(signature.sha256());
        if (known != null) {
            return known;
        }
        synchronized (writeLock) {
            VirusSignature stored = store.add(signature, clock.instant());
            put(stored);
            rebuildIfWorthIt();
            return stored;
        }
    }

    /**
     * Deletes a signature (a false positive) from the store and from this node's memory; other nodes stop
     * using it at their next {@link #refresh}.
     *
     * @return whether the store held it
     */
    public boolean delete(long id) {
        synchronized (writeLock) {
            boolean deleted = store.delete(id);
            remove(id);
            rebuildIfWorthIt();
            return deleted;
        }
    }

    /** Every signature, ordered by id, read from the store (with the hits every node flushed). */
    public List<VirusSignature> all() {
        return store.all();
    }

    /** The signature numbered {@code id}, read from the store. */
    public Optional<VirusSignature> get(long id) {
        return store.get(id);
    }

    /** How many signatures this node recognises. */
    public int size() {
        return byId.size();
    }

    /**
     * Brings the memory up to the store when its change count moved since the last load: drops the
     * signatures deleted (by any node), adds those added. When nothing changed, this is one small read.
     */
    public void refresh() {
        synchronized (writeLock) {
            long changeCount = store.changeCount();
            if (changeCount == loadedChangeCount) {
                return;
            }
            // The count is read first: whatever changes from here on moves it again, for the next refresh.
            if (loadedChangeCount >= 0) {
                removeAllBut(store.ids());
            }
            List<VirusSignature> added = store.listAfter(loadedUpToId);
            int addedPostings = 0;
            for (VirusSignature signature : added) {
                if (!byId.containsKey(signature.id())) {
                    addedPostings += signature.similarity().isPresent() ? SignaturePostings.INDEXED_HASHES : 0;
                }
                loadedUpToId = Math.max(loadedUpToId, signature.id());
            }
            if (addedPostings > REBUILD_AFTER_POSTINGS) {
                // Many at once (the first load): one build rather than the map of recent postings.
                added.forEach(this::putWithoutPosting);
                rebuild();
            } else {
                added.forEach(this::put);
                rebuildIfWorthIt();
            }
            loadedChangeCount = changeCount;
        }
    }

    /**
     * Adds the hits counted since the last flush to the store, all at once. If the store fails, they are
     * kept for the next flush and the failure is thrown.
     */
    public void flushHits() {
        Map<Long, Long> drained = new HashMap<>();
        for (Long id : pendingHits.keySet()) {
            Long hits = pendingHits.remove(id);
            if (hits != null) {
                drained.put(id, hits);
            }
        }
        if (drained.isEmpty()) {
            return;
        }
        try {
            store.recordHits(drained, clock.instant());
        } catch (RuntimeException e) {
            drained.forEach((id, hits) -> {
                if (byId.containsKey(id)) {
                    pendingHits.merge(id, hits, Long::sum);
                }
            });
            throw e;
        }
    }

    /** Hits counted on this node and not flushed yet, by signature id. */
    Map<Long, Long> pendingHits() {
        return Map.copyOf(pendingHits);
    }

    /** Guarded by writeLock. */
    private void put(VirusSignature signature) {
        boolean isNew = !byId.containsKey(signature.id());
        putWithoutPosting(signature);
        if (isNew) {
            signature.similarity().ifPresent(digest -> postings.add(signature.id(), digest));
        }
    }

    /** Guarded by writeLock; by id first, so that a posted id is always found. */
    private void putWithoutPosting(VirusSignature signature) {
        byId.put(signature.id(), signature);
        bySha256.put(signature.sha256(), signature);
    }

    /** Guarded by writeLock. */
    private void remove(long id) {
        VirusSignature removed = byId.remove(id);
        if (removed != null) {
            bySha256.remove(removed.sha256(), removed);
            pendingHits.remove(id);
            stalePostings += removed.similarity().isPresent() ? SignaturePostings.INDEXED_HASHES : 0;
        }
    }

    /** Removes every signature whose id is not in {@code storedIds}. Guarded by writeLock. */
    private void removeAllBut(long[] storedIds) {
        Set<Long> stored = new HashSet<>(storedIds.length * 2);
        for (long id : storedIds) {
            stored.add(id);
        }
        for (Long id : new ArrayList<>(byId.keySet())) {
            if (!stored.contains(id)) {
                remove(id);
            }
        }
    }

    /** Guarded by writeLock. */
    private void rebuildIfWorthIt() {
        if (postings.recentPostings() + stalePostings > REBUILD_AFTER_POSTINGS) {
            rebuild();
        }
    }

    /** Guarded by writeLock. */
    private void rebuild() {
        postings = SignaturePostings.build(new ArrayList<>(byId.values()));
        stalePostings = 0;
    }

    private record Candidate(VirusSignature signature, int shared) {
        long id() {
            return signature.id();
        }
    }
}
