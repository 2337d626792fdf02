package io.cleanport.core.scan;

/**
 * Whether a RAR or 7z archive says it is encrypted, from the few header bytes that tell, without
 * decompressing anything. Every offset is checked against the bytes at hand: hostile headers make these
 * answer {@code false}, never fail.
 */
final class ArchiveHeaders {
    private static final byte[] RAR4 = {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00};
    private static final byte[] RAR5 = {'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00};
    private static final byte[] SEVEN_ZIP = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};
    /** The 7z coder id of AES-256 + SHA-256, the only encryption 7z has. */
    private static final byte[] SEVEN_ZIP_AES = {0x06, (byte) 0xF1, 0x07, 0x01};
    private static final int SEVEN_ZIP_START_HEADER_BYTES = 32;
    /** The coders come first in a 7z header: this much of it is enough to find them. */
    private static final int SEVEN_ZIP_HEADER_SEARCH_BYTES = 4096;
    private static final int MAX_BLOCKS = 256;

    private ArchiveHeaders() {
    }

    static boolean isRar(byte[] head, int length) {
        return startsWith(head, length, RAR4) || startsWith(head, length, RAR5);
    }

    static boolean isSevenZip(byte[] head, int length) {
        return startsWith(head, length, SEVEN_ZIP);
    }

    /**
     * Whether the RAR headers in {@code head} say the archive's headers, or one of its files, are encrypted
     * (RAR 4: the main header's password flag or a file header's encryption flag; RAR 5: an archive
     * encryption header, or a file header with an encryption record).
     */
    static boolean rarEncrypted(byte[] head, int length) {
        if (startsWith(head, length, RAR4)) {
            return rar4Encrypted(head, length);
        }
        return startsWith(head, length, RAR5) && rar5Encrypted(head, length);
    }

    private static boolean rar4Encrypted(byte[] head, int length) {
        long position = RAR4.length;
        for (int block = 0; block < MAX_BLOCKS && position + 7 <= length; block++) {
            int at = (int) position;
            int type = head[at + 2] & 0xff;
            int flags = u16(head, at + 3);
            int size = u16(head, at + 5);
            if (size < 7) {
                return false;
            }
            if (type == 0x73 && (flags & 0x0080) != 0) {
                return true; // the block headers themselves are encrypted
            }
            if (type == 0x74 && (flags & 0x0004) != 0) {
                return true;
            }
            long added = 0;
            if ((type == 0x74 || (flags & 0x8000) != 0) && at + 11 <= length) {
                added = u32(head, at + 7);
            }
            position += size + added;
        }
        return false;
    }

    private static boolean rar5Encrypted(byte[] head, int length) {
        long[] cursor = {RAR5.length};
        for (int block = 0; block < MAX_BLOCKS; block++) {
            cursor[0] += 4; // header CRC32
            long headerSize = vint(head, length, cursor);
            long headerStart = cursor[0];
            long type = vint(head, length, cursor);
            long flags = vint(head, length, cursor);
            if (headerSize <= 0 || type < 0 || flags < 0) {
                return false;
            }
            long extraSize = (flags & 0x01) != 0 ? vint(head, length, cursor) : 0;
            long dataSize = (flags & 0x02) != 0 ? vint(head, length, cursor) : 0;
            if (extraSize < 0 || dataSize < 0 || extraSize > headerSize) {
                return false;
            }
            if (type == 4) {
                return true; // archive encryption header: everything after it is encrypted
            }
            long headerEnd = headerStart + headerSize;
            if (type == 2 && extraSize > 0 && hasEncryptionRecord(head, length, headerEnd - extraSize, headerEnd)) {
                return true;
            }
            if (type == 5) {
                return false; // end of archive
            }
            cursor[0] = headerEnd + dataSize;
            if (cursor[0] >= length) {
                return false;
            }
        }
        return false;
    }

    private static boolean hasEncryptionRecord(byte[] head, int length, long start, long end) {
        long[] cursor = {start};
        for (int record = 0; record < MAX_BLOCKS && cursor[0] < end; record++) {
            long size = vint(head, length, cursor);
            long recordStart = cursor[0];
            long type = vint(head, length, cursor);
            if (size <= 0 || type < 0) {
                return false;
            }
            if (type == 1) {
                return true;
            }
            cursor[0] = recordStart + size;
        }
        return false;
    }

    /**
     * Whether a 7z archive's header names the AES coder (encrypted content or encrypted header), when the
     * header lies in the bytes at hand: {@code head} (the start of the file) or {@code tail} (its last
     * bytes, ending at {@code size}).
     */
    static boolean sevenZipEncrypted(byte[] head, int headLength, TailWindow tail, long size) {
        if (!startsWith(head, headLength, SEVEN_ZIP) || headLength < SEVEN_ZIP_START_HEADER_BYTES) {
            return false;
        }
        long nextHeaderOffset = u64(head, 12);
        long nextHeaderSize = u64(head, 20);
        if (nextHeaderOffset < 0 || nextHeaderSize <= 0 || nextHeaderOffset > size) {
            return false;
        }
        long start = SEVEN_ZIP_START_HEADER_BYTES + nextHeaderOffset;
        long end = Math.min(Math.min(start + nextHeaderSize, start + SEVEN_ZIP_HEADER_SEARCH_BYTES), size);
        for (long position = start; position + SEVEN_ZIP_AES.length <= end; position++) {
            boolean match = true;
            for (int i = 0; i < SEVEN_ZIP_AES.length && match; i++) {
                int value = byteAt(head, headLength, tail, position + i);
                match = value == (SEVEN_ZIP_AES[i] & 0xff);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static int byteAt(byte[] head, int headLength, TailWindow tail, long position) {
        if (position < headLength) {
            return head[(int) position] & 0xff;
        }
        return tail == null ? -1 : tail.byteAt(position);
    }

    static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A RAR 5 variable-length integer at the cursor, which it moves; -1 past the bytes at hand. */
    private static long vint(byte[] bytes, int length, long[] cursor) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (cursor[0] < 0 || cursor[0] >= length) {
                return -1;
            }
            int b = bytes[(int) cursor[0]++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] bytes, int at) {
        return u16(bytes, at) | (long) u16(bytes, at + 2) << 16;
    }

    private static long u64(byte[] bytes, int at) {
        return u32(bytes, at) | u32(bytes, at + 4) << 32;
    }
}
