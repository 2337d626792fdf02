package io.cleanport.core.scan;

/**
 * What the first bytes of an archive or disk image say, without decompressing anything: whether a RAR, 7z
 * or ARJ archive is encrypted, the magic of the formats Tika does not know (ACE, LZMA, VHDX, UDF, a fixed
 * VHD's footer), and how large a 7z archive's compressed header claims to be. Every offset is checked
 * against the bytes at hand: hostile headers make these answer {@code false} (or -1), never fail.
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

    private static final byte[] ACE = {'*', '*', 'A', 'C', 'E', '*', '*'};
    private static final byte[] VHDX = {'v', 'h', 'd', 'x', 'f', 'i', 'l', 'e'};
    private static final byte[] VHD_FOOTER = {'c', 'o', 'n', 'e', 'c', 't', 'i', 'x'};
    static final int VHD_FOOTER_BYTES = 512;
    private static final int SECTOR_BYTES = 2048;
    /** 7z property ids, in the order they come in a header. */
    private static final int SEVEN_ZIP_END = 0x00;
    private static final int SEVEN_ZIP_PACK_INFO = 0x06;
    private static final int SEVEN_ZIP_UNPACK_INFO = 0x07;
    private static final int SEVEN_ZIP_SIZE = 0x09;
    private static final int SEVEN_ZIP_CRC = 0x0A;
    private static final int SEVEN_ZIP_FOLDER = 0x0B;
    private static final int SEVEN_ZIP_CODERS_UNPACK_SIZE = 0x0C;
    private static final int SEVEN_ZIP_ENCODED_HEADER = 0x17;
    /** A header needs few folders and coders; more is hostile (7-Zip itself writes one folder, one to four coders). */
    private static final int SEVEN_ZIP_MAX_HEADER_ITEMS = 64;

    private ArchiveHeaders() {
    }

    /** ACE: the archive header's {@code **ACE**} at byte 7. */
    static boolean isAce(byte[] head, int length) {
        if (length < 7 + ACE.length) {
            return false;
        }
        for (int i = 0; i < ACE.length; i++) {
            if (head[7 + i] != ACE[i]) {
                return false;
            }
        }
        return true;
    }

    /** VHDX: {@code vhdxfile} at byte 0. */
    static boolean isVhdx(byte[] head, int length) {
        return startsWith(head, length, VHDX);
    }

    /**
     * A UDF disc image without an ISO 9660 file system (a UDF-only {@code .iso} or {@code .img}): a volume
     * recognition sequence ({@code BEA01}, then {@code NSR02} or {@code NSR03}) among sectors 16 to 31, and
     * no {@code CD001} primary descriptor, which would have made it an ISO 9660 image.
     */
    static boolean isUdf(byte[] head, int length) {
        boolean beginning = false;
        for (int sector = 16; (long) (sector + 1) * SECTOR_BYTES <= length && sector < 32; sector++) {
            int at = sector * SECTOR_BYTES + 1;
            if (matchesAt(head, at, "CD001") && head[at - 1] == 1) {
                return false;
            }
            beginning |= matchesAt(head, at, "BEA01");
            if (beginning && (matchesAt(head, at, "NSR02") || matchesAt(head, at, "NSR03"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An LZMA "alone" file ({@code .lzma}), which has no magic: properties 0x5D (what every encoder writes),
     * a dictionary of 4 KiB to 1.5 GiB, an uncompressed size that is unknown (all ones) or below 2^48, and
     * the zero byte that starts every LZMA range-coded stream.
     */
    static boolean isLzma(byte[] head, int length) {
        if (length < 14 || (head[0] & 0xff) != 0x5D || head[13] != 0) {
            return false;
        }
        long dictionary = u32(head, 1);
        long size = u64(head, 5);
        return dictionary >= 4096 && dictionary <= 0x6000_0000L && (size == -1 || (size >= 0 && size < 1L << 48));
    }

    /** An ARJ archive whose main header says its files are garbled (ARJ's password protection). */
    static boolean arjEncrypted(byte[] head, int length) {
        return length > 8 && (head[0] & 0xff) == 0x60 && (head[1] & 0xff) == 0xEA && (head[8] & 0x01) != 0;
    }

    /** Whether the first sector ends with the 0x55AA of a boot sector or partition table, as a disk's does. */
    static boolean hasBootSignature(byte[] head, int length) {
        return length >= 512 && (head[510] & 0xff) == 0x55 && (head[511] & 0xff) == 0xAA;
    }

    /**
     * A fixed-size VHD: a raw disk followed by a 512-byte footer starting {@code conectix}, found in the head
     * (a small file) or in {@code tail} (the file's last bytes, ending at {@code size}).
     */
    static boolean hasVhdFooter(byte[] head, int headLength, TailWindow tail, long size) {
        long footer = size - VHD_FOOTER_BYTES;
        if (footer < 0) {
            return false;
        }
        for (int i = 0; i < VHD_FOOTER.length; i++) {
            if (byteAt(head, headLength, tail, footer + i) != VHD_FOOTER[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many bytes a 7z archive's compressed ("encoded") header unpacks to, as its own streams information
     * declares it: commons-compress reads that many into memory before anything else, so a few bytes could
     * claim gigabytes. 0 when the header is not compressed; -1 when the archive's bytes do not hold a
     * readable description of it (truncated, or malformed).
     */
    static long sevenZipEncodedHeaderBytes(byte[] archive, int length) {
        if (!isSevenZip(archive, length) || length < SEVEN_ZIP_START_HEADER_BYTES) {
            return -1;
        }
        long offset = u64(archive, 12);
        long size = u64(archive, 20);
        long start = SEVEN_ZIP_START_HEADER_BYTES + offset;
        if (offset == 0 && size == 0) {
            return 0; // an empty archive: no header at all
        }
        if (offset < 0 || size <= 0 || start >= length || start + size > length) {
            return -1;
        }
        long[] cursor = {start};
        int end = (int) (start + size);
        if ((archive[(int) cursor[0]++] & 0xff) != SEVEN_ZIP_ENCODED_HEADER) {
            return 0;
        }
        int id = next(archive, end, cursor);
        if (id == SEVEN_ZIP_PACK_INFO) {
            if (!skipPackInfo(archive, end, cursor)) {
                return -1;
            }
            id = next(archive, end, cursor);
        }
        if (id != SEVEN_ZIP_UNPACK_INFO || next(archive, end, cursor) != SEVEN_ZIP_FOLDER) {
            return -1;
        }
        long folders = number(archive, end, cursor);
        if (folders <= 0 || folders > SEVEN_ZIP_MAX_HEADER_ITEMS || next(archive, end, cursor) != 0) {
            return -1; // 0: the folders are here, not in an external stream
        }
        long outStreams = 0;
        for (long folder = 0; folder < folders; folder++) {
            long out = folderOutStreams(archive, end, cursor);
            if (out <= 0) {
                return -1;
            }
            outStreams += out;
        }
        if (outStreams > SEVEN_ZIP_MAX_HEADER_ITEMS || next(archive, end, cursor) != SEVEN_ZIP_CODERS_UNPACK_SIZE) {
            return -1;
        }
        long largest = 0;
        for (long i = 0; i < outStreams; i++) {
            long unpacked = number(archive, end, cursor);
            if (unpacked < 0) {
                return -1;
            }
            largest = Math.max(largest, unpacked);
        }
        return largest;
    }

    /** The pack information's fields after its id: position, count, sizes and CRCs, up to its end. */
    private static boolean skipPackInfo(byte[] archive, int end, long[] cursor) {
        number(archive, end, cursor);
        long streams = number(archive, end, cursor);
        if (streams < 0 || streams > SEVEN_ZIP_MAX_HEADER_ITEMS) {
            return false;
        }
        for (int property = 0; property < 4; property++) {
            int id = next(archive, end, cursor);
            if (id == SEVEN_ZIP_END) {
                return true;
            }
            if (id == SEVEN_ZIP_SIZE) {
                for (long i = 0; i < streams; i++) {
                    if (number(archive, end, cursor) < 0) {
                        return false;
                    }
                }
            } else if (id == SEVEN_ZIP_CRC) {
                long defined = streams;
                if (next(archive, end, cursor) == 0) { // not all defined: a bit field tells which
                    defined = 0;
                    for (long i = 0; i < (streams + 7) / 8; i++) {
                        defined += Integer.bitCount(Math.max(0, next(archive, end, cursor)));
                    }
                }
                cursor[0] += 4 * defined;
            } else {
                return false;
            }
        }
        return false;
    }

    /** A folder's coders and bind pairs, skipped; how many output streams it has, or -1. */
    private static long folderOutStreams(byte[] archive, int end, long[] cursor) {
        long coders = number(archive, end, cursor);
        if (coders <= 0 || coders > SEVEN_ZIP_MAX_HEADER_ITEMS) {
            return -1;
        }
        long in = 0;
        long out = 0;
        for (long coder = 0; coder < coders; coder++) {
            int flags = next(archive, end, cursor);
            if (flags < 0) {
                return -1;
            }
            cursor[0] += flags & 0x0F; // the coder's id
            if ((flags & 0x10) != 0) {
                in += number(archive, end, cursor);
                out += number(archive, end, cursor);
            } else {
                in++;
                out++;
            }
            if ((flags & 0x20) != 0) {
                long properties = number(archive, end, cursor);
                if (properties < 0 || properties > end) {
                    return -1;
                }
                cursor[0] += properties;
            }
            if (in <= 0 || out <= 0 || in > SEVEN_ZIP_MAX_HEADER_ITEMS || out > SEVEN_ZIP_MAX_HEADER_ITEMS) {
                return -1;
            }
        }
        for (long pair = 0; pair < out - 1; pair++) {
            number(archive, end, cursor);
            number(archive, end, cursor);
        }
        long packed = in - (out - 1);
        if (packed > 1) {
            for (long i = 0; i < packed; i++) {
                number(archive, end, cursor);
            }
        }
        return cursor[0] <= end ? out : -1;
    }

    /** The byte at the cursor, which it moves; -1 past {@code end}. */
    private static int next(byte[] bytes, int end, long[] cursor) {
        if (cursor[0] < 0 || cursor[0] >= end) {
            cursor[0] = end + 1L;
            return -1;
        }
        return bytes[(int) cursor[0]++] & 0xff;
    }

    /** A 7z number: the first byte's leading one bits tell how many bytes follow; -1 past {@code end}. */
    private static long number(byte[] bytes, int end, long[] cursor) {
        int first = next(bytes, end, cursor);
        if (first < 0) {
            return -1;
        }
        long value = 0;
        int mask = 0x80;
        for (int i = 0; i < 8; i++) {
            if ((first & mask) == 0) {
                return value | (long) (first & (mask - 1)) << (8 * i);
            }
            int b = next(bytes, end, cursor);
            if (b < 0) {
                return -1;
            }
            value |= (long) b << (8 * i);
            mask >>>= 1;
        }
        return value < 0 ? -1 : value;
    }

    private static boolean matchesAt(byte[] bytes, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
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
            int flags = RarHeaders.u16(head, at + 3);
            int size = RarHeaders.u16(head, at + 5);
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
            long headerSize = RarHeaders.vint(head, length, cursor);
            long headerStart = cursor[0];
            long type = RarHeaders.vint(head, length, cursor);
            long flags = RarHeaders.vint(head, length, cursor);
            if (headerSize <= 0 || type < 0 || flags < 0) {
                return false;
            }
            long extraSize = (flags & 0x01) != 0 ? RarHeaders.vint(head, length, cursor) : 0;
            long dataSize = (flags & 0x02) != 0 ? RarHeaders.vint(head, length, cursor) : 0;
            if (extraSize < 0 || dataSize < 0 || extraSize > headerSize) {
                return false;
            }
            if (type == 4) {
                return true; // archive encryption header: everything after it is encrypted
            }
            long headerEnd = headerStart + headerSize;
            if (type == 2 && extraSize > 0 && RarHeaders.hasEncryptionRecord(head, length, headerEnd - extraSize, headerEnd)) {
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


    private static long u32(byte[] bytes, int at) {
        return RarHeaders.u16(bytes, at) | (long) RarHeaders.u16(bytes, at + 2) << 16;
    }

    private static long u64(byte[] bytes, int at) {
        return u32(bytes, at) | u32(bytes, at + 4) << 32;
    }
}
