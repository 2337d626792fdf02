package io.cleanport.core.scan;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Computes a file's {@link Fingerprint} as its bytes stream by, once: the SHA-256, the similarity digest
 * and the EICAR check share the pass, so no file is held in memory for them. Belongs to one file: not
 * thread-safe.
 */
public final class Fingerprinter {
    private final MessageDigest sha256;
    private final SimilarityDigest.Builder similarity = SimilarityDigest.builder();
    private final byte[] small = new byte[EicarInspector.MAX_FILE_BYTES];
    private long size;
    private boolean finished;

    public Fingerprinter() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The next bytes of the file. */
    public void update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (finished) {
            throw new IllegalStateException("the fingerprint was already finished");
        }
        if (size < small.length) {
            System.arraycopy(bytes, offset, small, (int) size, (int) Math.min(length, small.length - size));
        }
        sha256.update(bytes, offset, length);
        similarity.update(bytes, offset, length);
        size += length;
    }

    /** The bytes given so far. */
    public long size() {
        return size;
    }

    /** The fingerprint of the bytes given; the fingerprinter cannot be used after. */
    public Fingerprint finish() {
        finished = true;
        boolean eicar = size <= small.length && EicarInspector.isTestFile(Arrays.copyOf(small, (int) size));
        return new Fingerprint(Fingerprint.hex(sha256.digest()), size, similarity.build(), eicar);
    }
}
