package io.cleanport.core.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Small binary files built in memory for the detection and archive tests: nothing is downloaded. */
public final class FileFixtures {
    private FileFixtures() {
    }

    /** A minimal Windows PE file: an MZ header whose e_lfanew points at {@code PE\0\0} and a COFF header. */
    public static byte[] portableExecutable() {
        byte[] pe = new byte[1024];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[0x3C] = (byte) 0x80;
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        pe[0x84] = 0x4C; // machine: i386
        pe[0x85] = 0x01;
        byte[] stub = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, pe, 0x4E, stub.length);
        return pe;
    }

    /** A minimal ELF executable header (64-bit, little-endian, ET_EXEC). */
    public static byte[] elfExecutable() {
        byte[] elf = new byte[256];
        elf[0] = 0x7F;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[5] = 1;
        elf[6] = 1;
        elf[16] = 2; // ET_EXEC
        elf[18] = 0x3E; // x86-64
        return elf;
    }

    public static byte[] pdf() {
        return "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);
    }

    /** The 8-byte PNG signature and an IHDR chunk. */
    public static byte[] png() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R',
            0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, (byte) 0x90, 0x77, 0x53, (byte) 0xDE};
    }

    /**
     * An OLE2 compound file whose directory holds the root, then the given storages and streams, as Word
     * writes a document ({@code WordDocument}) with macros ({@code Macros/VBA/_VBA_PROJECT}).
     */
    public static byte[] ole2(String... streamNames) {
        byte[] file = new byte[512 + 512 * Math.max(1, (streamNames.length + 4) / 4)];
        byte[] signature = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(signature, 0, file, 0, signature.length);
        file[0x1A] = 0x3E; // minor version
        file[0x1C] = (byte) 0xFE; // byte order
        file[0x1D] = (byte) 0xFF;
        file[0x1E] = 9; // 512-byte sectors
        directoryEntry(file, 512, "Root Entry", 5);
        for (int i = 0; i < streamNames.length; i++) {
            boolean storage = streamNames[i].equals("VBA") || streamNames[i].equals("Macros");
            directoryEntry(file, 512 + 128 * (i + 1), streamNames[i], storage ? 1 : 2);
        }
        return file;
    }

    /** An OLE2 file whose root entry has the CLSID of Windows Installer databases. */
    public static byte[] msi() {
        byte[] file = ole2("\u4840\u3F3F\u4577");
        byte[] clsid = {(byte) 0x84, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x46};
        System.arraycopy(clsid, 0, file, 512 + 80, clsid.length);
        return file;
    }

    private static void directoryEntry(byte[] file, int at, String name, int type) {
        byte[] encoded = name.getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(encoded, 0, file, at, encoded.length);
        int nameBytes = encoded.length + 2;
        file[at + 64] = (byte) nameBytes;
        file[at + 65] = (byte) (nameBytes >> 8);
        file[at + 66] = (byte) type;
        file[at + 67] = 1; // black
    }

    /** A zip of the given entries (name to content), deflated, in order. */
    public static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] zip(String name, byte[] content) {
        return zip(Map.of(name, content));
    }

    /** A zip of stored (uncompressed) entries whose encryption flag is set, as a password-protected zip has. */
    public static byte[] encryptedZip(String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry entry = new ZipArchiveEntry(name);
            entry.setMethod(ZipArchiveEntry.STORED);
            entry.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
            zip.putArchiveEntry(entry);
            zip.write(content);
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] zip = bytes.toByteArray();
        for (int i = 0; i + 4 <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
                zip[i + 6] |= 1; // local file header: general purpose flag, bit 0
            } else if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
                zip[i + 8] |= 1; // central directory header
            }
        }
        return zip;
    }

    /** An Office Open XML document (docx, or docm with a VBA project when {@code macros}). */
    public static byte[] wordDocument(boolean macros) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
            .getBytes(StandardCharsets.UTF_8));
        entries.put("_rels/.rels", "<?xml version=\"1.0\"?><Relationships/>".getBytes(StandardCharsets.UTF_8));
        entries.put("word/document.xml", "<?xml version=\"1.0\"?><w:document/>".getBytes(StandardCharsets.UTF_8));
        if (macros) {
            entries.put("word/vbaProject.bin", ole2("VBA", "_VBA_PROJECT", "dir"));
        }
        return zip(entries);
    }

    /** A zip holding {@code levels} zips inside each other, the innermost holding {@code invoice.exe}. */
    public static byte[] nestedZip(int levels) {
        byte[] content = zip("invoice.exe", portableExecutable());
        for (int level = levels - 1; level >= 1; level--) {
            content = zip("level" + level + ".zip", content);
        }
        return content;
    }

    /** A tar of the given entries. */
    public static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
                header.setSize(entry.getValue().length);
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip bomb in small: {@code megabytes} MiB of zeros, deflated to a few KiB. */
    public static byte[] zerosZip(int megabytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < megabytes; i++) {
                zip.write(zeros);
            }
            zip.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code zip} with the bytes from {@code from} on replaced by {@code garbage}, repeated. */
    public static byte[] damaged(byte[] zip, int from, byte garbage) {
        byte[] copy = zip.clone();
        Arrays.fill(copy, from, copy.length, garbage);
        return copy;
    }

    /** A RAR 4 archive start whose main header has the password flag (encrypted block headers). */
    public static byte[] rar4WithEncryptedHeaders() {
        return new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00,
            0x11, 0x22, // header CRC
            0x73, // main header
            (byte) 0x80, 0x00, // flags: block headers encrypted
            0x0D, 0x00, // header size
            0, 0, 0, 0, 0, 0};
    }

    /**
     * A 7z archive of {@code padding} bytes of packed data whose header, at the end, names the AES coder
     * when {@code encrypted}, LZMA otherwise.
     */
    public static byte[] sevenZip(int padding, boolean encrypted) {
        byte[] header = {0x17, 0x06, 0x00, 0x01, 0x09, 0x10, 0x00, 0x07, 0x0B, 0x01, 0x00, 0x01, 0x24,
            encrypted ? (byte) 0x06 : 0x03, encrypted ? (byte) 0xF1 : 0x01, encrypted ? (byte) 0x07 : 0x01, encrypted ? (byte) 0x01 : 0x00, 0x00};
        byte[] file = new byte[32 + padding + header.length];
        byte[] signature = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0x00, 0x04};
        System.arraycopy(signature, 0, file, 0, signature.length);
        long offset = padding;
        for (int i = 0; i < 8; i++) {
            file[12 + i] = (byte) (offset >>> (8 * i));
        }
        file[20] = (byte) header.length;
        byte[] packed = new byte[padding];
        new Random(9).nextBytes(packed);
        System.arraycopy(packed, 0, file, 32, padding);
        System.arraycopy(header, 0, file, 32 + padding, header.length);
        return file;
    }

    /** A RAR 5 archive start whose first header is an archive encryption header (encrypted headers). */
    public static byte[] rar5WithEncryptedHeaders() {
        return new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00,
            0x11, 0x22, 0x33, 0x44, // header CRC32
            0x05, // header size
            0x04, // header type: archive encryption
            0x00, // header flags
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    }
}
