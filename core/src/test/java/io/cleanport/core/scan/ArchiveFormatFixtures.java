package io.cleanport.core.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;

import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.compressors.lzma.LZMACompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Archives and disk images for the {@link ArchiveExplorer} tests, built in memory: with commons-compress
 * where it writes the format (7z, ar, cpio, xz, lzma), byte by byte from the format's description where
 * nothing writes it (RAR 4 and 5, ACE, ISO 9660, FAT12).
 */
final class ArchiveFormatFixtures {
    private ArchiveFormatFixtures() {
    }

    /** One entry of a hand-written archive. */
    record Entry(String name, byte[] content, boolean encrypted, boolean stored) {
        static Entry stored(String name, byte[] content) {
            return new Entry(name, content, false, true);
        }

        static Entry compressed(String name, int size) {
            return new Entry(name, new byte[size], false, false);
        }

        static Entry encrypted(String name, int size) {
            return new Entry(name, new byte[size], true, false);
        }
    }

    /** A 7z of the given entries, LZMA2-compressed, AES-encrypted when a password is given. */
    static byte[] sevenZip(Map<String, byte[]> entries, String password) {
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (SevenZOutputFile sevenZ = new SevenZOutputFile(channel, password == null ? null : password.toCharArray())) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                SevenZArchiveEntry header = new SevenZArchiveEntry();
                header.setName(entry.getKey());
                header.setSize(entry.getValue().length);
                sevenZ.putArchiveEntry(header);
                sevenZ.write(entry.getValue());
                sevenZ.closeArchiveEntry();
            }
            sevenZ.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(channel.array(), (int) channel.size());
    }

    /**
     * {@code sevenZip} with the LZMA2 coder's dictionary property set to 37, a dictionary of 1.5 GiB (the
     * largest 7-Zip accepts), and the header's CRCs fixed so that only the dictionary is unreasonable.
     */
    static byte[] sevenZipWithHugeDictionary(byte[] sevenZip) {
        byte[] copy = sevenZip.clone();
        int header = 32 + (int) ByteBuffer.wrap(copy, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int headerSize = (int) ByteBuffer.wrap(copy, 20, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        boolean patched = false;
        for (int i = header; i + 3 < header + headerSize; i++) {
            // a coder: flags 0x21 (one id byte, with properties), id 0x21 (LZMA2), one property byte
            if (copy[i] == 0x21 && copy[i + 1] == 0x21 && copy[i + 2] == 0x01) {
                copy[i + 3] = 37;
                patched = true;
            }
        }
        if (!patched) {
            throw new IllegalStateException("no LZMA2 coder in the header");
        }
        fixSevenZipCrcs(copy, header, headerSize);
        return copy;
    }

    /**
     * A 7z whose header is encrypted, as 7-Zip's "encrypt file names" writes it: the next header is an
     * encoded header, one folder whose only coder is AES-256 (7z id 06F10701), over 16 packed bytes.
     */
    static byte[] sevenZipWithEncryptedHeader() {
        byte[] packed = new byte[16];
        Arrays.fill(packed, (byte) 0x5A);
        byte[] header = {0x17, // encoded header
            0x06, 0x00, 0x01, 0x09, 0x10, 0x00, // pack info: position 0, 1 stream of 16 bytes
            0x07, 0x0B, 0x01, 0x00, // unpack info: 1 folder, not external
            0x01, 0x24, 0x06, (byte) 0xF1, 0x07, 0x01, 0x12, // 1 coder: AES, 18 property bytes:
            0x53, 0x0F, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, // 2^19 rounds, no salt, a 16-byte IV
            0x0C, 0x10, 0x00, // unpack size 16, end of unpack info
            0x00}; // end of streams info
        byte[] archive = new byte[32 + packed.length + header.length];
        byte[] signature = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0x00, 0x04};
        System.arraycopy(signature, 0, archive, 0, signature.length);
        ByteBuffer.wrap(archive, 12, 16).order(ByteOrder.LITTLE_ENDIAN).putLong(packed.length).putLong(header.length);
        System.arraycopy(packed, 0, archive, 32, packed.length);
        System.arraycopy(header, 0, archive, 32 + packed.length, header.length);
        fixSevenZipCrcs(archive, 32 + packed.length, header.length);
        return archive;
    }

    private static void fixSevenZipCrcs(byte[] archive, int header, int headerSize) {
        CRC32 crc = new CRC32();
        crc.update(archive, header, headerSize);
        ByteBuffer.wrap(archive, 28, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        crc.reset();
        crc.update(archive, 12, 20);
        ByteBuffer.wrap(archive, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
    }

    static byte[] ar(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                write(ar, new ArArchiveEntry(entry.getKey(), entry.getValue().length), entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] cpio(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                CpioArchiveEntry header = new CpioArchiveEntry(entry.getKey(), entry.getValue().length);
                header.setMode(CpioArchiveEntry.C_ISREG | 0644);
                write(cpio, header, entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <E extends org.apache.commons.compress.archivers.ArchiveEntry> void write(ArchiveOutputStream<E> out,
        E entry, byte[] content) throws IOException {
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }

    static byte[] xz(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XZCompressorOutputStream xz = new XZCompressorOutputStream(bytes)) {
            xz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] lzma(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LZMACompressorOutputStream lzma = new LZMACompressorOutputStream(bytes)) {
            lzma.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A RAR 4 archive: marker, main header, a file header per entry (method 0x30 stored or 0x33 normal,
     * flag 0x04 when encrypted) followed by its data, end of archive. Header CRCs are right.
     */
    static byte[] rar4(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00});
        rar4Block(out, 0x73, 0x0000, new byte[6]); // main header: two reserved fields
        for (Entry entry : entries) {
            byte[] name = entry.name().getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer fields = ByteBuffer.allocate(25 + name.length).order(ByteOrder.LITTLE_ENDIAN);
            fields.putInt(entry.content().length); // PACK_SIZE
            fields.putInt(entry.content().length); // UNP_SIZE
            fields.put((byte) 2); // HOST_OS: Windows
            fields.putInt(crc(entry.content()));
            fields.putInt(0x5A210000); // FTIME
            fields.put((byte) 29); // UNP_VER
            fields.put((byte) (entry.stored() ? 0x30 : 0x33)); // METHOD
            fields.putShort((short) name.length);
            fields.putInt(0x20); // ATTR: archive
            fields.put(name);
            rar4Block(out, 0x74, 0x8000 | (entry.encrypted() ? 0x0004 : 0), fields.array());
            out.writeBytes(entry.content());
        }
        rar4Block(out, 0x7B, 0x4000, new byte[0]);
        return out.toByteArray();
    }

    /** A RAR 4 block: CRC16 of type to end, type, flags, size, then the fields after them. */
    static void rar4Block(ByteArrayOutputStream out, int type, int flags, byte[] fields) {
        int size = 7 + fields.length;
        ByteBuffer block = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        block.putShort((short) 0).put((byte) type).putShort((short) flags).putShort((short) size).put(fields);
        byte[] bytes = block.array();
        CRC32 crc = new CRC32();
        crc.update(bytes, 2, size - 2);
        bytes[0] = (byte) crc.getValue();
        bytes[1] = (byte) (crc.getValue() >> 8);
        out.writeBytes(bytes);
    }

    /**
     * A RAR 5 archive: signature, main header, a file header per entry (compression method 0 stored or 3;
     * an encryption record in the extra area when encrypted) followed by its data, end of archive.
     */
    static byte[] rar5(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00});
        rar5Header(out, concat(vint(1), vint(0), vint(0))); // main header: type, flags, archive flags
        for (Entry entry : entries) {
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            byte[] extra = new byte[0];
            if (entry.encrypted()) {
                // an encryption record: type 1, version 0, flags 0, KDF count, salt, IV
                byte[] record = concat(vint(1), vint(0), vint(0), new byte[] {15}, new byte[16], new byte[16]);
                extra = concat(vint(record.length), record);
            }
            byte[] fields = concat(vint(0), vint(entry.content().length), vint(0x20),
                vint(entry.stored() ? 0 : 3 << 7), vint(0), vint(name.length), name);
            byte[] flags = entry.encrypted() ? vint(0x03) : vint(0x02);
            byte[] sizes = entry.encrypted() ? concat(vint(extra.length), vint(entry.content().length))
                : vint(entry.content().length);
            rar5Header(out, concat(vint(2), flags, sizes, fields, extra));
            out.writeBytes(entry.content());
        }
        rar5Header(out, concat(vint(5), vint(0), vint(0)));
        return out.toByteArray();
    }

    /** A RAR 5 header: CRC32 of size and header, the size as a vint, then the header from its type on. */
    static void rar5Header(ByteArrayOutputStream out, byte[] header) {
        byte[] sized = concat(vint(header.length), header);
        CRC32 crc = new CRC32();
        crc.update(sized);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
        out.writeBytes(sized);
    }

    /**
     * An ACE 2 archive: the archive header ({@code **ACE**}), then a 32-bit file header per entry
     * (compression 0 stored or 1 LZ77, flag 0x4000 when encrypted) followed by its data. ACE's CRC32 is the
     * standard one without the final inversion; a header's CRC16 is its low half.
     */
    static byte[] ace(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer main = ByteBuffer.allocate(3 + 7 + 4 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        main.put((byte) 0).putShort((short) 0x0100) // archive header, ACE 2.0 format
            .put("**ACE**".getBytes(StandardCharsets.US_ASCII))
            .put((byte) 20).put((byte) 20).put((byte) 2).put((byte) 0).putInt(0x5A210000).put(new byte[8]);
        aceHeader(out, main.array());
        for (Entry entry : entries) {
            byte[] name = entry.name().getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer file = ByteBuffer.allocate(31 + name.length).order(ByteOrder.LITTLE_ENDIAN);
            file.put((byte) 1).putShort((short) (0x0001 | (entry.encrypted() ? 0x4000 : 0)))
                .putInt(entry.content().length).putInt(entry.content().length).putInt(0x5A210000).putInt(0x20)
                .putInt(~crc(entry.content())).put((byte) (entry.stored() ? 0 : 1)).put((byte) 3).putShort((short) 0x0A)
                .putShort((short) 0).putShort((short) name.length).put(name);
            aceHeader(out, file.array());
            out.writeBytes(entry.content());
        }
        return out.toByteArray();
    }

    private static void aceHeader(ByteArrayOutputStream out, byte[] header) {
        CRC32 crc = new CRC32();
        crc.update(header);
        int check = (int) ~crc.getValue() & 0xFFFF;
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) check)
            .putShort((short) header.length).array());
        out.writeBytes(header);
    }

    /**
     * An ISO 9660 image with the given files in its root folder, each in its own sectors after the folder:
     * system area, primary volume descriptor (sector 16), with {@code joliet} a Joliet supplementary one
     * (sector 17) whose folder holds the same files by their UTF-16 names, terminator, the folders, the data.
     * With {@code loop}, the root folder also holds a folder {@code LOOP} whose extent is the root folder's.
     */
    static byte[] iso(Map<String, byte[]> files, boolean joliet, boolean loop) {
        int sector = 2048;
        int descriptors = joliet ? 3 : 2;
        int rootSector = 16 + descriptors;
        int jolietRootSector = rootSector + 1;
        int firstData = rootSector + (joliet ? 2 : 1);
        int dataSectors = 0;
        for (byte[] content : files.values()) {
            dataSectors += Math.max(1, (content.length + sector - 1) / sector);
        }
        byte[] image = new byte[(firstData + dataSectors) * sector];
        isoDescriptor(image, 16, 1, rootSector, null);
        if (joliet) {
            isoDescriptor(image, 17, 2, jolietRootSector, "%/E");
        }
        image[(16 + descriptors - 1) * sector] = (byte) 255;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, image, (16 + descriptors - 1) * sector + 1, 5);
        image[(16 + descriptors - 1) * sector + 6] = 1;

        int[] folders = joliet ? new int[] {rootSector, jolietRootSector} : new int[] {rootSector};
        for (int folder : folders) {
            boolean utf16 = folder == jolietRootSector;
            int at = folder * sector;
            at += isoRecord(image, at, folder, sector, true, new byte[] {0});
            at += isoRecord(image, at, folder, sector, true, new byte[] {1});
            int data = firstData;
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                String name = file.getKey() + ";1";
                byte[] encoded = name.getBytes(utf16 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
                at += isoRecord(image, at, data, file.getValue().length, false, encoded);
                data += Math.max(1, (file.getValue().length + sector - 1) / sector);
            }
            if (loop) {
                byte[] name = utf16 ? "LOOP".getBytes(StandardCharsets.UTF_16BE) : "LOOP".getBytes(StandardCharsets.US_ASCII);
                isoRecord(image, at, folder, sector, true, name);
            }
        }
        int data = firstData;
        for (byte[] content : files.values()) {
            System.arraycopy(content, 0, image, data * sector, content.length);
            data += Math.max(1, (content.length + sector - 1) / sector);
        }
        return image;
    }

    private static void isoDescriptor(byte[] image, int sector, int type, int rootSector, String escape) {
        int at = sector * 2048;
        image[at] = (byte) type;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, image, at + 1, 5);
        image[at + 6] = 1;
        if (escape != null) {
            System.arraycopy(escape.getBytes(StandardCharsets.US_ASCII), 0, image, at + 88, 3);
        }
        bothEndian16(image, at + 128, 2048);
        isoRecord(image, at + 156, rootSector, 2048, true, new byte[] {0});
    }

    /** A directory record; its length, which is even. */
    private static int isoRecord(byte[] image, int at, int extent, int size, boolean directory, byte[] name) {
        int length = 33 + name.length + (name.length % 2 == 0 ? 1 : 0);
        image[at] = (byte) length;
        bothEndian32(image, at + 2, extent);
        bothEndian32(image, at + 10, size);
        image[at + 25] = (byte) (directory ? 0x02 : 0);
        bothEndian16(image, at + 28, 1);
        image[at + 32] = (byte) name.length;
        System.arraycopy(name, 0, image, at + 33, name.length);
        return length;
    }

    private static void bothEndian16(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes, at, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
        ByteBuffer.wrap(bytes, at + 2, 2).order(ByteOrder.BIG_ENDIAN).putShort((short) value);
    }

    private static void bothEndian32(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        ByteBuffer.wrap(bytes, at + 4, 4).order(ByteOrder.BIG_ENDIAN).putInt(value);
    }

    /**
     * A 32 KiB FAT12 floppy image (512-byte sectors and clusters, 16 root entries) with the given files in
     * its root folder, each under a long name and the 8.3 alias {@code FILEn~1.BIN}, in consecutive clusters.
     */
    static byte[] fat12(Map<String, byte[]> files) {
        int sectorBytes = 512;
        byte[] image = new byte[64 * sectorBytes];
        ByteBuffer boot = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        boot.put(new byte[] {(byte) 0xEB, 0x3C, (byte) 0x90}).put("MSDOS5.0".getBytes(StandardCharsets.US_ASCII));
        boot.putShort((short) sectorBytes).put((byte) 1).putShort((short) 1).put((byte) 2).putShort((short) 16)
            .putShort((short) 64).put((byte) 0xF0).putShort((short) 1);
        image[510] = 0x55;
        image[511] = (byte) 0xAA;
        int fat = sectorBytes;
        int root = 3 * sectorBytes; // after the boot sector and two one-sector FATs
        int data = 4 * sectorBytes;
        fat12Entry(image, fat, 0, 0xFF0);
        fat12Entry(image, fat, 1, 0xFFF);
        int cluster = 2;
        int entry = root;
        int index = 1;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] shortName = String.format("FILE%d~1 BIN", index++).getBytes(StandardCharsets.US_ASCII);
            entry = fatLongName(image, entry, file.getKey(), shortName);
            System.arraycopy(shortName, 0, image, entry, 11);
            image[entry + 11] = 0x20;
            int clusters = Math.max(1, (file.getValue().length + sectorBytes - 1) / sectorBytes);
            ByteBuffer.wrap(image, entry + 26, 6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) cluster)
                .putInt(file.getValue().length);
            entry += 32;
            System.arraycopy(file.getValue(), 0, image, data + (cluster - 2) * sectorBytes, file.getValue().length);
            for (int i = 0; i < clusters; i++) {
                fat12Entry(image, fat, cluster + i, i == clusters - 1 ? 0xFFF : cluster + i + 1);
            }
            cluster += clusters;
        }
        System.arraycopy(image, fat, image, fat + sectorBytes, sectorBytes); // the second FAT, a copy
        return image;
    }

    /** Long-name entries for {@code name} before the 8.3 entry at {@code at}; where the 8.3 entry goes. */
    private static int fatLongName(byte[] image, int at, String name, byte[] shortName) {
        int sum = 0;
        for (byte b : shortName) {
            sum = (((sum & 1) << 7) + (sum >> 1) + (b & 0xff)) & 0xff;
        }
        char[] chars = Arrays.copyOf(name.toCharArray(), ((name.length() + 1 + 12) / 13) * 13);
        for (int i = name.length() + 1; i < chars.length; i++) {
            chars[i] = '\uFFFF';
        }
        int parts = chars.length / 13;
        int[] offsets = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
        int position = at;
        for (int part = parts; part >= 1; part--) {
            image[position] = (byte) (part | (part == parts ? 0x40 : 0));
            image[position + 11] = 0x0F;
            image[position + 13] = (byte) sum;
            for (int i = 0; i < 13; i++) {
                char c = chars[(part - 1) * 13 + i];
                image[position + offsets[i]] = (byte) c;
                image[position + offsets[i] + 1] = (byte) (c >> 8);
            }
            position += 32;
        }
        return position;
    }

    static void fat12Entry(byte[] image, int fat, int cluster, int value) {
        int at = fat + cluster + cluster / 2;
        int current = (image[at] & 0xff) | (image[at + 1] & 0xff) << 8;
        int packed = (cluster & 1) != 0 ? (current & 0x000F) | value << 4 : (current & 0xF000) | value;
        image[at] = (byte) packed;
        image[at + 1] = (byte) (packed >> 8);
    }

    static int crc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return (int) crc.getValue();
    }

    static byte[] vint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest != 0 ? b | 0x80 : b);
        } while (rest != 0);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
