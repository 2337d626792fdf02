package io.cleanport.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The entries of a RAR archive, RAR 4 (RAR 1.5 to 4.x) or RAR 5, from its headers alone: no library reads
 * RAR's compression, so names, declared sizes and encryption are what can be known, plus the content of
 * stored entries, which is kept as is.
 *
 * <p>Bytes read. RAR 4: the marker {@code Rar!\x1A\x07\x00}, then block after block its 7-byte base header
 * (CRC16, type, flags, size) and the rest of the header (at most 65,535 bytes: the size is 16 bits). Of a
 * file header (type 0x74): PACK_SIZE, UNP_SIZE, METHOD (0x30 stored), NAME_SIZE, ATTR, HIGH_PACK_SIZE and
 * HIGH_UNP_SIZE (flag 0x100), the name (flag 0x200: an OEM name, a zero, RAR's compressed Unicode form of it;
 * or UTF-8 when there is no zero), flag 0x04 encrypted, flags 0xE0 all set a folder, 0x01 and 0x02 split
 * across volumes. The main header's flag 0x80 says every block header after it is encrypted. The data of a
 * file (PACK_SIZE) or of another block with flag 0x8000 (ADD_SIZE) is skipped. RAR 5: the signature
 * {@code Rar!\x1A\x07\x01\x00}, then header after header its CRC32, size (a vint, at most 2 MiB as the format
 * says), type, flags, extra area and data sizes. Of a file header (type 2): flags (0x01 folder, 0x08 size
 * unknown), unpacked size, compression information (method 0 stored), the UTF-8 name, and the extra area's
 * records, of which an encryption record (type 1) makes the file encrypted. An archive encryption header
 * (type 4) says every header after it is encrypted. Service headers (comments, ACLs, streams) are skipped
 * with their data. Header CRCs are not checked: a wrong one changes nothing about what the bytes claim.
 *
 * <p>Bounds: one header's bytes (64 KiB in RAR 4, 2 MiB in RAR 5), {@link #MAX_HEADERS} headers, names of
 * {@link #MAX_NAME_BYTES}. Garbage, truncation or an impossible size ends the listing with what was read
 * and a {@link #problem()}; nothing is thrown but a failure to read the stream itself.
 */
final class RarHeaders {
    static final int MAX_HEADERS = 200_000;
    static final int MAX_NAME_BYTES = 64 * 1024;
    /** RAR 5's own limit on a header's size. */
    static final int MAX_RAR5_HEADER_BYTES = 2 * 1024 * 1024;
    private static final byte[] RAR4 = {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00};
    private static final byte[] RAR5 = {'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00};
    private static final int RAR4_MAIN = 0x73;
    private static final int RAR4_FILE = 0x74;
    private static final int RAR4_SERVICE = 0x7A;
    private static final int RAR4_END = 0x7B;
    private static final int RAR4_BASE_BYTES = 7;
    private static final int RAR4_FILE_FIXED_BYTES = 32;

    private final HeaderStream stream;
    private byte[] header = new byte[1024];
    private boolean started;
    private boolean rar5;
    private boolean done;
    private boolean headersEncrypted;
    private int headers;
    private String problem;

    RarHeaders(InputStream in) {
        this.stream = new HeaderStream(in);
    }

    /**
     * The next file or folder entry, after skipping what is left of the previous one's data; null at the
     * end, or where a problem or encrypted headers stop the listing.
     */
    EntryHeader next() throws IOException {
        if (done) {
            return null;
        }
        if (!started) {
            started = true;
            if (!signature()) {
                return finish("not a RAR archive");
            }
        } else if (!stream.skipData()) {
            return finish("truncated in the data of an entry");
        }
        return rar5 ? nextRar5() : nextRar4();
    }

    /** The current entry's data as stored in the archive: its content when {@link EntryHeader#stored()}. */
    InputStream data() {
        return stream.data();
    }

    /** Whether the archive's headers are encrypted: nothing after them could be listed. */
    boolean headersEncrypted() {
        return headersEncrypted;
    }

    /** What was wrong with the archive, if the listing ended on damage rather than at its end. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private boolean signature() throws IOException {
        if (!stream.readFully(header, 0, RAR4.length)) {
            return false;
        }
        if (matches(header, RAR4)) {
            return true;
        }
        int b = stream.read();
        header[RAR4.length] = (byte) b;
        rar5 = b == 0 && matches(header, RAR5);
        return rar5;
    }

    private EntryHeader nextRar4() throws IOException {
        while (headers++ < MAX_HEADERS) {
            int first = stream.read();
            if (first < 0) {
                return finish(null); // RAR 2 and older end without an end block
            }
            header[0] = (byte) first;
            if (!stream.readFully(header, 1, RAR4_BASE_BYTES - 1)) {
                return finish("truncated in a block header at byte " + stream.position());
            }
            int type = header[2] & 0xff;
            int flags = u16(header, 3);
            int size = u16(header, 5);
            if (size < RAR4_BASE_BYTES) {
                return finish("block header of " + size + " bytes at byte " + stream.position());
            }
            if (!readRest(RAR4_BASE_BYTES, size)) {
                return finish("truncated in a block header at byte " + stream.position());
            }
            if (type == RAR4_MAIN && (flags & 0x0080) != 0) {
                headersEncrypted = true;
                return finish(null);
            }
            if (type == RAR4_END) {
                return finish(null);
            }
            boolean fileLike = type == RAR4_FILE || type == RAR4_SERVICE;
            long dataSize = 0;
            if (fileLike || (flags & 0x8000) != 0) {
                if (size < RAR4_BASE_BYTES + 4) {
                    return finish("block of type 0x" + Integer.toHexString(type) + " too short for its data size");
                }
                dataSize = u32(header, 7);
            }
            if (fileLike && (flags & 0x0100) != 0) {
                if (size < RAR4_FILE_FIXED_BYTES + 8) {
                    return finish("file header too short for its 64-bit sizes");
                }
                dataSize |= u32(header, 32) << 32;
            }
            if (dataSize < 0) {
                return finish("a data size beyond 2^63 bytes");
            }
            stream.startData(dataSize);
            if (type != RAR4_FILE) {
                if (!stream.skipData()) {
                    return finish("truncated in the data of a block");
                }
                continue;
            }
            return rar4File(flags, size);
        }
        return finish("more than " + MAX_HEADERS + " headers");
    }

    private EntryHeader rar4File(int flags, int size) {
        if (size < RAR4_FILE_FIXED_BYTES) {
            return finish("file header of " + size + " bytes");
        }
        boolean large = (flags & 0x0100) != 0;
        int nameStart = RAR4_FILE_FIXED_BYTES + (large ? 8 : 0);
        int nameSize = u16(header, 26);
        if (nameStart + nameSize > size) {
            return finish("a name of " + nameSize + " bytes beyond its header of " + size);
        }
        long unpacked = u32(header, 11) | (large ? u32(header, 36) << 32 : 0);
        boolean encrypted = (flags & 0x0004) != 0;
        boolean directory = (flags & 0x00E0) == 0x00E0;
        boolean split = (flags & 0x0003) != 0;
        boolean stored = (header[25] & 0xff) == 0x30 && !encrypted && !split && !directory;
        String name = (flags & 0x0200) != 0 ? unicodeName(header, nameStart, nameSize)
            : new String(header, nameStart, nameSize, StandardCharsets.ISO_8859_1);
        return new EntryHeader(name, Math.max(0, unpacked), directory, encrypted, stored);
    }

    private EntryHeader nextRar5() throws IOException {
        while (headers++ < MAX_HEADERS) {
            int first = stream.read();
            if (first < 0) {
                return finish(null);
            }
            if (!stream.readFully(header, 0, 3)) { // the rest of the CRC32
                return finish("truncated in a header at byte " + stream.position());
            }
            long headerSize = streamVint();
            if (headerSize <= 0 || headerSize > MAX_RAR5_HEADER_BYTES) {
                return finish("a header of " + headerSize + " bytes at byte " + stream.position());
            }
            int length = (int) headerSize;
            if (!readRest(0, length)) {
                return finish("truncated in a header at byte " + stream.position());
            }
            long[] cursor = {0};
            long type = vint(header, length, cursor);
            long flags = vint(header, length, cursor);
            long extraSize = (flags & 0x01) != 0 ? vint(header, length, cursor) : 0;
            long dataSize = (flags & 0x02) != 0 ? vint(header, length, cursor) : 0;
            if (type < 0 || flags < 0 || extraSize < 0 || dataSize < 0 || extraSize > length - cursor[0]) {
                return finish("a malformed header at byte " + stream.position());
            }
            if (type == 4) {
                headersEncrypted = true;
                return finish(null);
            }
            if (type == 5) {
                return finish(null);
            }
            stream.startData(dataSize);
            if (type != 2) {
                if (!stream.skipData()) {
                    return finish("truncated in the data of a header");
                }
                continue;
            }
            return rar5File(length, cursor, flags, extraSize);
        }
        return finish("more than " + MAX_HEADERS + " headers");
    }

    private EntryHeader rar5File(int length, long[] cursor, long headerFlags, long extraSize) {
        long fileFlags = vint(header, length, cursor);
        long unpacked = vint(header, length, cursor);
        vint(header, length, cursor); // attributes
        if ((fileFlags & 0x02) != 0) {
            cursor[0] += 4; // modification time
        }
        if ((fileFlags & 0x04) != 0) {
            cursor[0] += 4; // CRC32
        }
        long compression = vint(header, length, cursor);
        vint(header, length, cursor); // host OS
        long nameLength = vint(header, length, cursor);
        long extraStart = length - extraSize;
        if (fileFlags < 0 || unpacked < 0 || compression < 0 || nameLength < 0 || nameLength > MAX_NAME_BYTES
            || cursor[0] + nameLength > extraStart) {
            return finish("a file header whose name (" + nameLength + " bytes) does not fit in it");
        }
        String name = new String(header, (int) cursor[0], (int) nameLength, StandardCharsets.UTF_8);
        boolean encrypted = hasEncryptionRecord(extraStart, length);
        boolean directory = (fileFlags & 0x01) != 0;
        boolean split = (headerFlags & 0x18) != 0;
        boolean stored = ((compression >> 7) & 0x07) == 0 && !encrypted && !split && !directory;
        return new EntryHeader(name, (fileFlags & 0x08) != 0 ? 0 : unpacked, directory, encrypted, stored);
    }

    private boolean hasEncryptionRecord(long start, int end) {
        return hasEncryptionRecord(header, end, start, end);
    }

    /**
     * Whether the RAR5 extra area of {@code bytes} between {@code start} and {@code end} holds a file
     * encryption record (type 1); at most 64 records are read.
     */
    static boolean hasEncryptionRecord(byte[] bytes, int length, long start, long end) {
        long[] cursor = {start};
        for (int record = 0; record < 64 && cursor[0] < end; record++) {
            long size = vint(bytes, length, cursor);
            long recordStart = cursor[0];
            long type = vint(bytes, length, cursor);
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

    /** Reads the header's bytes from {@code from} up to {@code size} into the buffer, grown as needed. */
    private boolean readRest(int from, int size) throws IOException {
        if (header.length < size) {
            byte[] grown = new byte[Math.max(size, header.length * 2)];
            System.arraycopy(header, 0, grown, 0, from);
            header = grown;
        }
        return size <= from || stream.readFully(header, from, size - from);
    }

    private long streamVint() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = stream.read();
            if (b < 0) {
                return -1;
            }
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    private EntryHeader finish(String why) {
        done = true;
        if (why != null && problem == null) {
            problem = why;
        }
        return null;
    }

    /**
     * A RAR 4 Unicode name: the OEM name, a zero, then RAR's compression of the UTF-16 name against it (a
     * high byte, then flag bytes each telling how to form the next four characters). Without the zero, the
     * name is UTF-8.
     */
    static String unicodeName(byte[] bytes, int start, int length) {
        int zero = -1;
        for (int i = start; i < start + length; i++) {
            if (bytes[i] == 0) {
                zero = i;
                break;
            }
        }
        if (zero < 0) {
            return new String(bytes, start, length, StandardCharsets.UTF_8);
        }
        int asciiLength = zero - start;
        int encoded = zero + 1;
        int end = start + length;
        char[] name = new char[length]; // each character takes at least a byte, or repeats one of the OEM name's
        int out = 0;
        int highByte = encoded < end ? bytes[encoded++] & 0xff : 0;
        int flags = 0;
        int flagBits = 0;
        while (encoded < end && out < name.length) {
            if (flagBits == 0) {
                flags = bytes[encoded++] & 0xff;
                flagBits = 8;
            }
            switch (flags >> 6) {
                case 0 -> {
                    if (encoded < end) {
                        name[out++] = (char) (bytes[encoded++] & 0xff);
                    }
                }
                case 1 -> {
                    if (encoded < end) {
                        name[out++] = (char) ((bytes[encoded++] & 0xff) + (highByte << 8));
                    }
                }
                case 2 -> {
                    if (encoded + 1 < end) {
                        name[out++] = (char) ((bytes[encoded] & 0xff) + ((bytes[encoded + 1] & 0xff) << 8));
                        encoded += 2;
                    }
                }
                default -> {
                    if (encoded < end) {
                        int run = bytes[encoded++] & 0xff;
                        int correction = 0;
                        boolean corrected = (run & 0x80) != 0;
                        if (corrected && encoded < end) {
                            correction = bytes[encoded++] & 0xff;
                        }
                        for (run = (run & 0x7f) + 2; run > 0 && out < name.length && out < asciiLength; run--, out++) {
                            int ascii = bytes[start + out] & 0xff;
                            name[out] = corrected ? (char) (((ascii + correction) & 0xff) + (highByte << 8)) : (char) ascii;
                        }
                    }
                }
            }
            flags = (flags << 2) & 0xff;
            flagBits -= 2;
        }
        return new String(name, 0, out);
    }

    private static boolean matches(byte[] bytes, byte[] signature) {
        for (int i = 0; i < signature.length; i++) {
            if (bytes[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** A RAR 5 variable-length integer at the cursor, which it moves; -1 past {@code length}. */
    static long vint(byte[] bytes, int length, long[] cursor) {
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

    static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }

    static long u32(byte[] bytes, int at) {
        return u16(bytes, at) | (long) u16(bytes, at + 2) << 16;
    }
}
