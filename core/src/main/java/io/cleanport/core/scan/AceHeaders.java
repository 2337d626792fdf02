package io.cleanport.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The entries of an ACE archive (WinACE 1 and 2) from its headers alone: no library reads ACE's
 * compression, so names, declared sizes and encryption are what can be known, plus the content of stored
 * entries. ACE archives still arrive by mail because old unpackers (the unacev2 inside WinRAR until 2019)
 * wrote their files anywhere on the disk.
 *
 * <p>Bytes read: header after header its CRC16 and size (16 bits: the bytes after these four), then the
 * header: type (0 archive, 1 file, 2 recovery record, 3 file with 64-bit sizes, 4 and 5 recovery records
 * with 64-bit sizes) and flags (0x0001 a data size follows, 0x4000 encrypted file). The archive header
 * must come first and hold {@code **ACE**}. Of a file header: packed and original sizes (32 or 64 bits),
 * attributes (0x10 a folder), compression type (0 stored), the name's length and the name (an OEM
 * charset, read as Latin-1). The data after a file or recovery header is skipped. CRCs are not checked.
 *
 * <p>Bounds: a header is at most 65,535 bytes (its size is 16 bits); {@link #MAX_HEADERS} headers. Garbage
 * or truncation ends the listing with what was read and a {@link #problem()}; nothing is thrown but a
 * failure to read the stream itself.
 */
final class AceHeaders {
    static final int MAX_HEADERS = 200_000;
    private static final byte[] MAGIC = {'*', '*', 'A', 'C', 'E', '*', '*'};
    private static final int TYPE_MAIN = 0;
    private static final int TYPE_FILE32 = 1;
    private static final int TYPE_RECOVERY32 = 2;
    private static final int TYPE_FILE64 = 3;
    private static final int FLAG_ADDSIZE = 0x0001;
    private static final int FLAG_PASSWORD = 0x4000;
    private static final int ATTRIBUTE_DIRECTORY = 0x10;

    private final HeaderStream stream;
    private final byte[] header = new byte[0xFFFF + 4];
    private boolean started;
    private boolean done;
    private int headers;
    private String problem;

    AceHeaders(InputStream in) {
        this.stream = new HeaderStream(in);
    }

    /** The next entry, after skipping what is left of the previous one's data; null at the end or on a problem. */
    EntryHeader next() throws IOException {
        if (done) {
            return null;
        }
        if (started && !stream.skipData()) {
            return finish("truncated in the data of an entry");
        }
        while (headers++ < MAX_HEADERS) {
            int first = stream.read();
            if (first < 0) {
                return finish(started ? null : "not an ACE archive");
            }
            header[0] = (byte) first;
            if (!stream.readFully(header, 1, 3)) {
                return finish("truncated in a header at byte " + stream.position());
            }
            int size = RarHeaders.u16(header, 2);
            if (size < 3 || !stream.readFully(header, 4, size)) {
                return finish("a header of " + size + " bytes at byte " + stream.position());
            }
            int type = header[4] & 0xff;
            int flags = RarHeaders.u16(header, 5);
            if (!started) {
                started = true;
                if (type != TYPE_MAIN || size < 3 + MAGIC.length || !magicAt(7)) {
                    return finish("not an ACE archive");
                }
                continue;
            }
            if (type == TYPE_FILE32 || type == TYPE_FILE64) {
                return file(type == TYPE_FILE64, flags, size);
            }
            if (type == TYPE_MAIN) {
                return finish("a second archive header at byte " + stream.position());
            }
            if ((flags & FLAG_ADDSIZE) != 0) {
                // a recovery record: its data follows, 32 or 64 bits long
                boolean wide = type != TYPE_RECOVERY32;
                if (size < 3 + (wide ? 8 : 4)) {
                    return finish("a recovery header too short for its size at byte " + stream.position());
                }
                long dataSize = wide ? u64(header, 7) : RarHeaders.u32(header, 7);
                if (dataSize < 0) {
                    return finish("a data size beyond 2^63 bytes");
                }
                stream.startData(dataSize);
                if (!stream.skipData()) {
                    return finish("truncated in a recovery record");
                }
            }
        }
        return finish("more than " + MAX_HEADERS + " headers");
    }

    /** The current entry's data as stored: its content when {@link EntryHeader#stored()}. */
    InputStream data() {
        return stream.data();
    }

    /** What was wrong with the archive, if the listing ended on damage rather than at its end. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private EntryHeader file(boolean wide, int flags, int size) {
        int sizes = wide ? 16 : 8;
        // after type and flags: sizes, date, attributes, CRC32, compression type and quality, parameters,
        // reserved, name length
        int fixed = 3 + sizes + 4 + 4 + 4 + 1 + 1 + 2 + 2 + 2;
        if (size < fixed) {
            return finish("a file header of " + size + " bytes");
        }
        int at = 7;
        long packed = wide ? u64(header, at) : RarHeaders.u32(header, at);
        long original = wide ? u64(header, at + 8) : RarHeaders.u32(header, at + 4);
        at += sizes;
        long attributes = RarHeaders.u32(header, at + 4);
        int compression = header[at + 12] & 0xff;
        int nameLength = RarHeaders.u16(header, at + 18);
        int nameStart = 4 + fixed;
        if (nameStart + nameLength > 4 + size) {
            return finish("a name of " + nameLength + " bytes beyond its header of " + size);
        }
        if (packed < 0) {
            return finish("a data size beyond 2^63 bytes");
        }
        String name = new String(header, nameStart, nameLength, StandardCharsets.ISO_8859_1);
        boolean encrypted = (flags & FLAG_PASSWORD) != 0;
        boolean directory = (attributes & ATTRIBUTE_DIRECTORY) != 0;
        stream.startData(packed);
        boolean stored = compression == 0 && !encrypted && !directory && packed == original;
        return new EntryHeader(name, Math.max(0, original), directory, encrypted, stored);
    }

    private boolean magicAt(int at) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[at + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private EntryHeader finish(String why) {
        done = true;
        if (why != null && problem == null) {
            problem = why;
        }
        return null;
    }

    private static long u64(byte[] bytes, int at) {
        return RarHeaders.u32(bytes, at) | RarHeaders.u32(bytes, at + 4) << 32;
    }
}
