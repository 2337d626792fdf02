package io.cleanport.core.scan;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What identifies a file's content for learned virus signatures: its SHA-256, its size, a
 * {@link SimilarityDigest} when it is large enough for one, and whether it is the EICAR test file.
 *
 * @param sha256     the SHA-256 of the decoded (for archive members: decompressed) content, 64 lower-case
 *                   hex digits
 * @param size       the bytes hashed
 * @param similarity the similarity digest, when the file has at least {@link SimilarityDigest#MIN_BYTES}
 * @param eicar      whether the content is the EICAR test file ({@link EicarInspector#isTestFile})
 */
public record Fingerprint(String sha256, long size, Optional<SimilarityDigest> similarity, boolean eicar) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * @throws IllegalArgumentException when {@code sha256} is not 64 lower-case hex digits or the size is negative
     */
    public Fingerprint {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(similarity, "similarity");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256: '" + sha256 + "' is not 64 lower-case hex digits");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " is negative");
        }
    }

    /** The fingerprint of a whole byte array. */
    public static Fingerprint of(byte[] content) {
        Fingerprinter fingerprinter = new Fingerprinter();
        fingerprinter.update(content, 0, content.length);
        return fingerprinter.finish();
    }

    /** Whether {@code text} is a SHA-256 as this record keeps it. */
    public static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
