package io.cleanport.core.scan;

/**
 * The bounds of listing one archive attachment, so that a zip bomb, an archive of a million entries or
 * archives nested a hundred deep cost a bounded amount. Reaching a bound is a finding
 * ({@link ArchiveExplorer#LIMIT_EXCEEDED}), never an error.
 *
 * @param maxDepth         how deep archives inside the attachment are opened: its own members are at depth
 *                         1, the members of an archive among them at 2. 1 to 10.
 * @param maxMembers       entries (files and folders, all depths together) read from one attachment; the
 *                         listing stops past it. 1 to 100,000.
 * @param maxExpandedBytes bytes decompressed from one attachment, all members together; the listing stops
 *                         past it. Also the most of the attachment itself kept to list it. 1 KiB to 1 GiB.
 * @param maxRatio         the most the attachment may expand, decompressed bytes per byte of the
 *                         attachment, once {@code ratioFloorBytes} are exceeded; the listing stops past it.
 *                         2 to 100,000.
 * @param ratioFloorBytes  decompressed bytes below which the ratio is not checked (a small text file
 *                         compresses very well and harms nobody). 0 to 1 GiB.
 * @param maxMessageMembers       entries read from all the archives of one message together, so that a
 *                                message of hundreds of archives costs a bounded amount too. 1 to 10,000,000.
 * @param maxMessageExpandedBytes bytes decompressed from all the archives of one message together. 1 KiB to
 *                                16 GiB.
 */
public record ArchiveLimits(int maxDepth, int maxMembers, long maxExpandedBytes, int maxRatio, long ratioFloorBytes,
                            int maxMessageMembers, long maxMessageExpandedBytes) {
    public static final int DEFAULT_MAX_DEPTH = 3;
    public static final int DEFAULT_MAX_MEMBERS = 1000;
    public static final long DEFAULT_MAX_EXPANDED_BYTES = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_RATIO = 100;
    public static final long DEFAULT_RATIO_FLOOR_BYTES = 1024L * 1024;
    /** Ten archives at their member bound; Tika's detection of a member costs about half a millisecond. */
    public static final int DEFAULT_MAX_MESSAGE_MEMBERS = 10_000;
    /** Four archives at their size bound. */
    public static final long DEFAULT_MAX_MESSAGE_EXPANDED_BYTES = 128L * 1024 * 1024;

    private static final ArchiveLimits DEFAULTS = new ArchiveLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_MEMBERS,
        DEFAULT_MAX_EXPANDED_BYTES, DEFAULT_MAX_RATIO, DEFAULT_RATIO_FLOOR_BYTES, DEFAULT_MAX_MESSAGE_MEMBERS,
        DEFAULT_MAX_MESSAGE_EXPANDED_BYTES);

    /**
     * @throws IllegalArgumentException naming the offending limit
     */
    public ArchiveLimits {
        checkRange("maxDepth", maxDepth, 1, 10);
        checkRange("maxMembers", maxMembers, 1, 100_000);
        checkRange("maxExpandedBytes", maxExpandedBytes, 1024, 1024L * 1024 * 1024);
        checkRange("maxRatio", maxRatio, 2, 100_000);
        checkRange("ratioFloorBytes", ratioFloorBytes, 0, 1024L * 1024 * 1024);
        checkRange("maxMessageMembers", maxMessageMembers, 1, 10_000_000);
        checkRange("maxMessageExpandedBytes", maxMessageExpandedBytes, 1024, 16L * 1024 * 1024 * 1024);
    }

    /**
     * Depth 3, 1,000 members, 32 MiB expanded, a ratio of 100 past 1 MiB; for a whole message 10,000 members
     * and 128 MiB expanded.
     */
    public static ArchiveLimits defaults() {
        return DEFAULTS;
    }

    public ArchiveLimits withMaxDepth(int value) {
        return new ArchiveLimits(value, maxMembers, maxExpandedBytes, maxRatio, ratioFloorBytes, maxMessageMembers,
            maxMessageExpandedBytes);
    }

    public ArchiveLimits withMaxMembers(int value) {
        return new ArchiveLimits(maxDepth, value, maxExpandedBytes, maxRatio, ratioFloorBytes, maxMessageMembers,
            maxMessageExpandedBytes);
    }

    public ArchiveLimits withMaxExpandedBytes(long value) {
        return new ArchiveLimits(maxDepth, maxMembers, value, maxRatio, ratioFloorBytes, maxMessageMembers,
            maxMessageExpandedBytes);
    }

    public ArchiveLimits withMaxRatio(int value, long floorBytes) {
        return new ArchiveLimits(maxDepth, maxMembers, maxExpandedBytes, value, floorBytes, maxMessageMembers,
            maxMessageExpandedBytes);
    }

    public ArchiveLimits withMessageBounds(int members, long expandedBytes) {
        return new ArchiveLimits(maxDepth, maxMembers, maxExpandedBytes, maxRatio, ratioFloorBytes, members, expandedBytes);
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " is out of range; expected " + min + " to " + max);
        }
    }
}
