package io.cleanport.core.antivirus;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import io.cleanport.core.scan.SimilarityDigest;

/**
 * The inverted index of {@link SignatureIndex}: hash of a retained shingle → ids of the signatures whose
 * digest retained it. Only the {@value #INDEXED_HASHES} smallest retained hashes of each digest are posted:
 * a bottom-k sketch's smallest hashes are a consistent sample, so two similar files share most of theirs,
 * and 32 a signature keeps the index near 8 bytes × 32 × signatures.
 *
 * <p>Two parts. The base, built at once, is one sorted {@code long[]}: the low 32 bits of a hash (the
 * smallest hashes of a sketch have zero high bits, the low ones are uniform) in the high half, a slot in
 * the low half; two hashes equal in their low 32 bits count as one, which only loosens a pre-filter. What
 * was added since lives in a concurrent map until the next {@link #build}. One writer at a time (the
 * index's lock); readers need no lock. Deleted signatures stay posted until the next build: readers skip
 * ids the index no longer holds.
 */
final class SignaturePostings {
    /** The smallest retained hashes of a digest that are posted and compared. */
    static final int INDEXED_HASHES = 32;

    private static final long[] NONE = new long[0];
    private static final long SLOT_MASK = 0xFFFF_FFFFL;

    /** Sorted; each {@code (low 32 bits of hash) << 32 | slot}. */
    private final long[] base;
    /** Slot → signature id. */
    private final long[] slotIds;
    /** Full hash → ids, for what was added since the build; written by the one writer only. */
    private final ConcurrentHashMap<Long, long[]> recent = new ConcurrentHashMap<>();
    private int recentPostings;

    private SignaturePostings(long[] base, long[] slotIds) {
        this.base = base;
        this.slotIds = slotIds;
    }

    static SignaturePostings empty() {
        return new SignaturePostings(NONE, NONE);
    }

    /** The postings of every signature of {@code signatures} that has a digest. */
    static SignaturePostings build(Collection<VirusSignature> signatures) {
        long[] slotIds = new long[signatures.size()];
        long[][] hashes = new long[signatures.size()][];
        int slots = 0;
        int postings = 0;
        for (VirusSignature signature : signatures) {
            if (signature.similarity().isPresent() && slots < slotIds.length) {
                slotIds[slots] = signature.id();
                hashes[slots] = indexedHashes(signature.similarity().get());
                postings += hashes[slots].length;
                slots++;
            }
        }
        long[] base = new long[postings];
        int next = 0;
        for (int slot = 0; slot < slots; slot++) {
            for (long hash : hashes[slot]) {
                base[next++] = key(hash) | slot;
            }
        }
        Arrays.parallelSort(base);
        return new SignaturePostings(base, Arrays.copyOf(slotIds, slots));
    }

    /** The hashes of {@code digest} that are posted: its {@value #INDEXED_HASHES} smallest, ascending. */
    static long[] indexedHashes(SimilarityDigest digest) {
        long[] retained = digest.retainedHashes();
        Arrays.sort(retained);
        return retained.length <= INDEXED_HASHES ? retained : Arrays.copyOf(retained, INDEXED_HASHES);
    }

    /** Posts a signature added since the build. Writer only. */
    void add(long id, SimilarityDigest digest) {
        for (long hash : indexedHashes(digest)) {
            recent.compute(hash, (h, ids) -> {
                if (ids == null) {
                    return new long[] {id};
                }
                long[] more = Arrays.copyOf(ids, ids.length + 1);
                more[ids.length] = id;
                return more;
            });
            recentPostings++;
        }
    }

    /** How many postings were added since the build. Writer only. */
    int recentPostings() {
        return recentPostings;
    }

    /** How many postings the base holds. */
    int basePostings() {
        return base.length;
    }

    /**
     * Gives {@code action} the ids posted under {@code hash}, at most {@code max} of them (a hash in very
     * many digests, such as one of the stub every Windows executable starts with, must not cost a pass over
     * them all; the first ones posted are enough to find a family of variants).
     */
    void forEachId(long hash, int max, LongConsumer action) {
        long key = key(hash);
        int given = 0;
        for (int i = lowerBound(key); i < base.length && (base[i] & ~SLOT_MASK) == key && given < max; i++, given++) {
            action.accept(slotIds[(int) (base[i] & SLOT_MASK)]);
        }
        long[] ids = recent.get(hash);
        if (ids != null) {
            for (int i = 0; i < ids.length && given < max; i++, given++) {
                action.accept(ids[i]);
            }
        }
    }

    private static long key(long hash) {
        return hash << 32;
    }

    /** The first index of {@link #base} not below {@code key}, in the signed order the array is sorted in. */
    private int lowerBound(long key) {
        int low = 0;
        int high = base.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (base[middle] < key) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
