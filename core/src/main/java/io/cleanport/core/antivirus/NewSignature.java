package io.cleanport.core.antivirus;

import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.scan.SimilarityDigest;
import io.cleanport.core.validation.FieldValidationException;
import io.cleanport.core.verdict.Evidence;
import io.cleanport.core.verdict.Verdict;

/**
 * A virus signature about to be learned: what identifies the dangerous content, the name the verdict gave
 * it, and why it was judged a virus.
 *
 * @param sha256     the content's SHA-256, 64 lower-case hex digits
 * @param size       the content's size in bytes
 * @param similarity its similarity digest, absent for content too small for one
 * @param virusName  the name of the virus verdict, valid as {@link Verdict#virus} takes it: 1 to
 *                   {@value Verdict#MAX_NAME_CHARS} printable ASCII characters, no surrounding space
 * @param source     what judged it a virus
 * @param evidence   why, shown to administrators; made printable and cut to 500 characters as
 *                   {@link Evidence#printable} does (null gives the empty string)
 */
public record NewSignature(String sha256, long size, Optional<SimilarityDigest> similarity, String virusName,
                           SignatureSource source, String evidence) {

    /** @throws FieldValidationException naming the bad component */
    public NewSignature {
        sha256 = checkSha256(sha256);
        checkSize(size);
        Objects.requireNonNull(similarity, "similarity");
        virusName = checkVirusName(virusName);
        Objects.requireNonNull(source, "source");
        evidence = Evidence.printable(evidence);
    }

    /** The signature of the content {@code fingerprint} identifies. */
    public static NewSignature of(Fingerprint fingerprint, String virusName, SignatureSource source, String evidence) {
        return new NewSignature(fingerprint.sha256(), fingerprint.size(), fingerprint.similarity(), virusName, source,
            evidence);
    }

    static String checkSha256(String sha256) {
        if (!Fingerprint.isSha256(sha256)) {
            throw new FieldValidationException("sha256", "'" + Evidence.printable(sha256)
                + "' is not a SHA-256 (64 lower-case hex digits)");
        }
        return sha256;
    }

    static void checkSize(long size) {
        if (size < 0) {
            throw new FieldValidationException("size", size + " is negative");
        }
    }

    /**
     * The rules of {@link Verdict#virus}'s name, checked here as well so that every learned signature can
     * become a verdict.
     */
    static String checkVirusName(String name) {
        if (name == null || name.isEmpty() || name.length() > Verdict.MAX_NAME_CHARS) {
            throw new FieldValidationException("virusName", "'" + Evidence.printable(name) + "' must be 1 to "
                + Verdict.MAX_NAME_CHARS + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new FieldValidationException("virusName", "'" + Evidence.printable(name) + "' must be printable ASCII");
            }
        }
        if (name.charAt(0) == ' ' || name.charAt(name.length() - 1) == ' ') {
            throw new FieldValidationException("virusName", "'" + name + "' must not start or end with a space");
        }
        return name;
    }
}
