package io.cleanport.core.antivirus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where learned virus signatures live: the gateway's database, shared by every MX node, so a virus learned
 * on one node is recognised by all. Scans never read the store; they ask a {@link SignatureIndex}, which
 * holds the signatures in memory and polls {@link #changeCount()} to pick up what other nodes learned.
 *
 * <p>One signature per content: {@link #add} is idempotent on the SHA-256. Ids are positive and become
 * visible in ascending order: once a reader sees signature {@code n}, every signature it does not see yet
 * will be numbered above {@code n}. So a reader that loaded everything up to {@code n} needs only
 * {@link #listAfter listAfter(n)}, plus {@link #ids()} to notice deletions.
 *
 * <p>Implementations may throw {@link io.cleanport.core.db.StoreException} when their database fails.
 */
public interface SignatureStore {
    /**
     * Stores {@code signature} learned at {@code now}, unless a signature of the same content (SHA-256) is
     * stored already: then that one is kept as it is (name, source, first seen) and returned. Two nodes
     * adding the same content at the same moment both get the one stored row.
     *
     * @return the signature as stored
     */
    VirusSignature add(NewSignature signature, Instant now);

    /** Every signature, ordered by id. */
    List<VirusSignature> all();

    /** The signatures whose id is greater than {@code afterId}, ordered by id. */
    default List<VirusSignature> listAfter(long afterId) {
        return all().stream().filter(signature -> signature.id() > afterId).toList();
    }

    /** The ids of every signature, in ascending order. */
    default long[] ids() {
        return all().stream().mapToLong(VirusSignature::id).toArray();
    }

    Optional<VirusSignature> get(long id);

    /** @return whether there was such a signature */
    boolean delete(long id);

    /**
     * Adds {@code hitsById} (signature id → hits to add, each positive) to the signatures' hit counts and
     * makes {@code at} their last hit, unless they have a later one. Ids no longer stored are ignored (the
     * signature was deleted since).
     */
    void recordHits(Map<Long, Long> hitsById, Instant at);

    /**
     * A number that grows with every {@link #add} that stored a signature and every {@link #delete} that
     * removed one, and with nothing else: a node compares it with the number it last saw to know, in one
     * cheap read, whether it must read the signatures again.
     */
    long changeCount();
}
