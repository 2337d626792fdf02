package io.cleanport.core.scan;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of one scan, so that a hostile message (a 10,000-part tree, a header of megabytes, nesting
 * thousands deep) costs a bounded amount of memory and time. Going past a bound is not an error: the
 * walk reports {@link MessageWalker#LIMIT_EXCEEDED} with what was exceeded and where, and the verdict
 * says the message was not fully examined.
 *
 * @param maxDepth            how deep entities may nest: the message is at depth 0, a part of it at 1, a
 *                            part of an attached message inside that part at 3. A multipart or attached
 *                            message at this depth is not opened; its siblings still are. 1 to 100.
 * @param maxParts            entities (the message, each body part, each attached message) in one message;
 *                            the walk stops at the first one past it. 1 to 1,000,000.
 * @param maxHeaderFields     header fields of one entity; the walk stops past it. 1 to 100,000.
 * @param maxHeaderFieldBytes bytes of one header field, folded lines included (and of one header line);
 *                            the walk stops past it. 1 KiB to 16 MiB.
 * @param maxDecodedBytes     decoded content handed to inspectors, over the whole message; the walk stops
 *                            when it is spent. Content no inspector asks for is skipped without decoding
 *                            and does not count. 1 byte to 1 GiB.
 * @param maxScanTime         wall-clock time of one walk, checked between parse events and between chunks
 *                            of content; the walk stops past it. Positive, at most 1 hour.
 */
public record ScanLimits(int maxDepth, int maxParts, int maxHeaderFields, int maxHeaderFieldBytes,
                         long maxDecodedBytes, Duration maxScanTime) {
    public static final int DEFAULT_MAX_DEPTH = 20;
    public static final int DEFAULT_MAX_PARTS = 1000;
    public static final int DEFAULT_MAX_HEADER_FIELDS = 1000;
    public static final int DEFAULT_MAX_HEADER_FIELD_BYTES = 64 * 1024;
    /** Above the 25 MB ceiling of a whole message: decoding never makes content larger than its encoding. */
    public static final long DEFAULT_MAX_DECODED_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_SCAN_TIME = Duration.ofSeconds(30);

    private static final ScanLimits DEFAULTS = new ScanLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_PARTS,
        DEFAULT_MAX_HEADER_FIELDS, DEFAULT_MAX_HEADER_FIELD_BYTES, DEFAULT_MAX_DECODED_BYTES, DEFAULT_MAX_SCAN_TIME);

    /**
     * @throws IllegalArgumentException naming the offending limit
     */
    public ScanLimits {
        checkRange("maxDepth", maxDepth, 1, 100);
        checkRange("maxParts", maxParts, 1, 1_000_000);
        checkRange("maxHeaderFields", maxHeaderFields, 1, 100_000);
        checkRange("maxHeaderFieldBytes", maxHeaderFieldBytes, 1024, 16 * 1024 * 1024);
        checkRange("maxDecodedBytes", maxDecodedBytes, 1, 1024L * 1024 * 1024);
        Objects.requireNonNull(maxScanTime, "maxScanTime");
        if (maxScanTime.isNegative() || maxScanTime.isZero() || maxScanTime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("maxScanTime: " + maxScanTime + " is out of range; expected more than 0"
                + " and at most 1 hour");
        }
    }

    /** Depth 20, 1,000 parts, 1,000 header fields of 64 KiB each, 32 MiB decoded, 30 seconds. */
    public static ScanLimits defaults() {
        return DEFAULTS;
    }

    public ScanLimits withMaxDepth(int value) {
        return new ScanLimits(value, maxParts, maxHeaderFields, maxHeaderFieldBytes, maxDecodedBytes, maxScanTime);
    }

    public ScanLimits withMaxParts(int value) {
        return new ScanLimits(maxDepth, value, maxHeaderFields, maxHeaderFieldBytes, maxDecodedBytes, maxScanTime);
    }

    public ScanLimits withMaxHeaderFields(int value) {
        return new ScanLimits(maxDepth, maxParts, value, maxHeaderFieldBytes, maxDecodedBytes, maxScanTime);
    }

    public ScanLimits withMaxHeaderFieldBytes(int value) {
        return new ScanLimits(maxDepth, maxParts, maxHeaderFields, value, maxDecodedBytes, maxScanTime);
    }

    public ScanLimits withMaxDecodedBytes(long value) {
        return new ScanLimits(maxDepth, maxParts, maxHeaderFields, maxHeaderFieldBytes, value, maxScanTime);
    }

    public ScanLimits withMaxScanTime(Duration value) {
        return new ScanLimits(maxDepth, maxParts, maxHeaderFields, maxHeaderFieldBytes, maxDecodedBytes, value);
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " is out of range; expected " + min + " to " + max);
        }
    }
}
