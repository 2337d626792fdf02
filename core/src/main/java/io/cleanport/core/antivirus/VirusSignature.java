package io.cleanport.core.antivirus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.scan.SimilarityDigest;
import io.cleanport.core.validation.FieldValidationException;
import io.cleanport.core.verdict.Evidence;

/**
 * A learned virus signature as the {@link SignatureStore} keeps it: the parts of the {@link NewSignature}
 * it was learned from, and its history.
 *
 * @param id         the store's number for it, positive; the WebAdmin routes name it by this
 * @param sha256     the content's SHA-256, 64 lower-case hex digits; one signature per content
 * @param size       the content's size in bytes
 * @param similarity its similarity digest, absent for content too small for one
 * @param virusName  the name of the virus verdict it gives (the rules of {@link NewSignature#virusName})
 * @param source     what judged it a virus the first time
 * @param evidence   why, printable, at most 500 characters
 * @param firstSeen  when it was learned
 * @param hits       how many scanned files it recognised, as last flushed by the nodes
 * @param lastHit    when it last recognised one (the time of the flush that counted it), absent if never
 */
public record VirusSignature(long id, String sha256, long size, Optional<SimilarityDigest> similarity, String virusName,
                             SignatureSource source, String evidence, Instant firstSeen, long hits,
                             Optional<Instant> lastHit) {

    /** @throws FieldValidationException naming the bad component */
    public VirusSignature {
        if (id < 1) {
            throw new FieldValidationException("id", id + " is not a signature id (a positive number)");
        }
        sha256 = NewSignature.checkSha256(sha256);
        NewSignature.checkSize(size);
        Objects.requireNonNull(similarity, "similarity");
        virusName = NewSignature.checkVirusName(virusName);
        Objects.requireNonNull(source, "source");
        evidence = Evidence.printable(evidence);
        Objects.requireNonNull(firstSeen, "firstSeen");
        if (hits < 0) {
            throw new FieldValidationException("hits", hits + " is negative");
        }
        Objects.requireNonNull(lastHit, "lastHit");
    }

    /** The signature learned from {@code signature}, numbered {@code id}, never hit yet. */
    public static VirusSignature learned(long id, NewSignature signature, Instant firstSeen) {
        return new VirusSignature(id, signature.sha256(), signature.size(), signature.similarity(), signature.virusName(),
            signature.source(), signature.evidence(), firstSeen, 0, Optional.empty());
    }

    /** This signature with {@code count} more hits, the last at {@code at} (an earlier {@code at} keeps the later). */
    public VirusSignature withHits(long count, Instant at) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " is negative");
        }
        Instant last = lastHit.filter(previous -> previous.isAfter(at)).orElse(at);
        return new VirusSignature(id, sha256, size, similarity, virusName, source, evidence, firstSeen,
            Math.addExact(hits, count), Optional.of(last));
    }
}
