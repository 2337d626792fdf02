package io.cleanport.core.scan;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.HashIterator;
import org.apache.datasketches.theta.JaccardSimilarity;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Sketches;
import org.apache.datasketches.theta.UpdateSketch;

/**
 * A similarity digest of a file's bytes: two files that differ in a few places (a re-packed copy of a
 * virus, a few bytes patched, a string changed) have digests whose {@link #similarity} is close to 1, two
 * unrelated files close to 0.
 *
 * <p>The digest is an Apache DataSketches theta sketch (a bottom-k MinHash) of the file's 8-byte shingles,
 * sampled by content: a shingle is kept when its rolling hash has its low {@value #SAMPLING_BITS} bits
 * zero, so identical stretches of two files keep the same shingles whatever their offsets, and the cost is
 * one multiply-add per byte plus a sketch update per {@value #SAMPLE_ONE_IN} bytes. The similarity is the
 * estimated Jaccard index of the two shingle sets.
 *
 * <p>Files under {@value #MIN_BYTES} bytes have no digest (their SHA-256 says all); only the first
 * {@value #MAX_BYTES} bytes of a file count. Immutable.
 */
public final class SimilarityDigest {
    /** Below this many bytes a file has too few shingles for a meaningful estimate. */
    public static final int MIN_BYTES = 512;
    /** The bytes of a file that count, so a digest costs a bounded amount. */
    public static final long MAX_BYTES = 32L * 1024 * 1024;
    /** The largest serialized digest accepted (a sketch of {@link #ENTRIES} entries is about 1 KiB). */
    public static final int MAX_SERIALIZED_BYTES = 4096;

    static final int ENTRIES = 128;
    private static final int SHINGLE = 8;
    private static final int SAMPLING_BITS = 2;
    private static final int SAMPLE_ONE_IN = 1 << SAMPLING_BITS;
    private static final long SAMPLE_MASK = SAMPLE_ONE_IN - 1;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    /** MULTIPLIER to the power SHINGLE: removes the byte leaving the window from the rolling hash. */
    private static final long OUTGOING;

    static {
        long power = 1;
        for (int i = 0; i < SHINGLE; i++) {
            power *= MULTIPLIER;
        }
        OUTGOING = power;
    }

    private final CompactSketch sketch;
    private final byte[] serialized;

    private SimilarityDigest(CompactSketch sketch) {
        this.sketch = sketch;
        this.serialized = sketch.toByteArray();
    }

    /** A builder fed with the file's bytes in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The digest of a whole byte array, or empty when it is too short. */
    public static java.util.Optional<SimilarityDigest> of(byte[] content) {
        Builder builder = builder();
        builder.update(content, 0, content.length);
        return builder.build();
    }

    /**
     * Reads a digest written by {@link #asBase64()}.
     *
     * @throws IllegalArgumentException when the text is not a digest
     */
    public static SimilarityDigest fromBase64(String text) {
        Objects.requireNonNull(text, "text");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("similarity digest: not base64", e);
        }
        if (bytes.length == 0 || bytes.length > MAX_SERIALIZED_BYTES) {
            throw new IllegalArgumentException("similarity digest: " + bytes.length + " bytes; expected 1 to "
                + MAX_SERIALIZED_BYTES);
        }
        try {
            Sketch read = Sketches.wrapSketch(Memory.wrap(bytes));
            return new SimilarityDigest(read.compact());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("similarity digest: not a sketch (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The estimated Jaccard similarity of the two files' shingles: 1 for identical content, near 0 for
     * unrelated content.
     */
    public double similarity(SimilarityDigest other) {
        Objects.requireNonNull(other, "other");
        return JaccardSimilarity.jaccard(sketch, other.sketch)[1];
    }

    /**
     * The hashes of the shingles the digest retained (the smallest ones), in no particular order: similar
     * files share most of them, so an index of them finds the candidates for {@link #similarity} without
     * comparing a file with every digest.
     */
    public long[] retainedHashes() {
        long[] hashes = new long[sketch.getRetainedEntries(true)];
        HashIterator entries = sketch.iterator();
        int count = 0;
        while (entries.next() && count < hashes.length) {
            hashes[count++] = entries.get();
        }
        return count == hashes.length ? hashes : java.util.Arrays.copyOf(hashes, count);
    }

    /** The digest as text, for storage. */
    public String asBase64() {
        return Base64.getEncoder().encodeToString(serialized);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimilarityDigest other && Arrays.equals(serialized, other.serialized);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serialized);
    }

    @Override
    public String toString() {
        return "SimilarityDigest[" + sketch.getRetainedEntries(true) + " shingles]";
    }

    /** Feeds a file's bytes, in order, to a digest. Belongs to one file: not thread-safe. */
    public static final class Builder {
        private final UpdateSketch sketch = UpdateSketch.builder().setNominalEntries(ENTRIES).build();
        private final byte[] window = new byte[SHINGLE];
        private long rolling;
        private long count;

        private Builder() {
        }

        /** The next bytes of the file; bytes past {@link #MAX_BYTES} are ignored. */
        public void update(byte[] bytes, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            int end = offset + (int) Math.min(length, Math.max(0, MAX_BYTES - count));
            for (int i = offset; i < end; i++) {
                int slot = (int) (count & (SHINGLE - 1));
                rolling = rolling * MULTIPLIER + (bytes[i] & 0xff) + 1;
                if (count >= SHINGLE) {
                    rolling -= OUTGOING * ((window[slot] & 0xff) + 1);
                }
                window[slot] = bytes[i];
                count++;
                if (count >= SHINGLE && (mix(rolling) & SAMPLE_MASK) == 0) {
                    sketch.update(rolling);
                }
            }
        }

        /** The digest, or empty when fewer than {@link #MIN_BYTES} bytes were given. */
        public java.util.Optional<SimilarityDigest> build() {
            if (count < MIN_BYTES || sketch.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new SimilarityDigest(sketch.compact()));
        }

        /** Spreads the rolling hash's high bits down, so that sampling on low bits is unbiased. */
        private static long mix(long value) {
            return value ^ (value >>> 29) ^ (value >>> 47);
        }
    }
}
