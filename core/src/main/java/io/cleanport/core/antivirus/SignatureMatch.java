package io.cleanport.core.antivirus;

import java.util.Objects;

/**
 * A scanned file recognised by a learned signature.
 *
 * @param signature  the signature that recognised it
 * @param exact      whether the file is the very content learned (same SHA-256), not a similar one
 * @param similarity the estimated similarity of the file to the learned content, at least the index's
 *                   threshold; 1 when exact
 */
public record SignatureMatch(VirusSignature signature, boolean exact, double similarity) {

    public SignatureMatch {
        Objects.requireNonNull(signature, "signature");
        if (!(similarity >= 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity: " + similarity + " is not between 0 and 1");
        }
        if (exact && similarity != 1) {
            throw new IllegalArgumentException("similarity: an exact match has similarity 1, not " + similarity);
        }
    }

    static SignatureMatch exact(VirusSignature signature) {
        return new SignatureMatch(signature, true, 1);
    }
}
