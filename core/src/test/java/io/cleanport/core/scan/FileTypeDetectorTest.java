package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The type from the bytes, whatever the name says; scripts by name only when the bytes show nothing. */
class FileTypeDetectorTest {
    private final FileTypeDetector detector = FileTypeDetector.standard();

    private FileType detect(byte[] content, String name) {
        return detector.detect(content, content.length, name);
    }

    @Test
    void peBytesNamedPdfAreAnExecutable() {
        FileType type = detect(FileFixtures.portableExecutable(), "invoice.pdf");
        assertThat(type.family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(type.baseMimeType()).isEqualTo("application/x-msdownload");
        assertThat(type.mimeType()).contains("format=pe");
    }

    @Test
    void peHeaderFoundThroughItsOffsetAnywhereInTheHead() {
        byte[] pe = FileFixtures.portableExecutable();
        // move the PE header to 0x100, which Tika's fixed offsets do not cover
        Arrays.fill(pe, 0x80, 0x88, (byte) 0);
        pe[0x3C] = 0x00;
        pe[0x3D] = 0x01;
        pe[0x100] = 'P';
        pe[0x101] = 'E';
        FileType type = detect(pe, "report.doc");
        assertThat(type.family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(type.mimeType()).contains("format=pe");
    }

    @Test
    void otherExecutables() {
        assertThat(detect(FileFixtures.elfExecutable(), "notes.txt").family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(detect(FileFixtures.msi(), "setup.pdf"))
            .isEqualTo(FileType.of("application/x-ms-installer", FileFamily.EXECUTABLE));
        byte[] shortcut = new byte[76];
        byte[] header = {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0, 0, 0, 0x46};
        System.arraycopy(header, 0, shortcut, 0, header.length);
        assertThat(detect(shortcut, "photo.jpg").family()).isEqualTo(FileFamily.EXECUTABLE);
    }

    @Test
    void documentsAndImages() {
        assertThat(detect(FileFixtures.pdf(), "scan.exe").family()).isEqualTo(FileFamily.PDF);
        assertThat(detect(FileFixtures.png(), null)).isEqualTo(FileType.of("image/png", FileFamily.IMAGE));
        FileType word = detect(FileFixtures.ole2("WordDocument", "1Table"), "letter.doc");
        assertThat(word).isEqualTo(FileType.of("application/msword", FileFamily.OFFICE));
    }

    @Test
    void ole2WithAVbaProjectIsAMacroDocument() {
        FileType type = detect(FileFixtures.ole2("WordDocument", "Macros", "VBA", "_VBA_PROJECT", "dir"), "letter.doc");
        assertThat(type).isEqualTo(FileType.of("application/msword", FileFamily.MACRO_DOCUMENT));
        assertThat(type.family().isKindOf(FileFamily.OFFICE)).isTrue();
    }

    @Test
    void ooxmlFromItsEntries() {
        assertThat(detect(FileFixtures.wordDocument(false), "report.zip"))
            .isEqualTo(FileType.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileFamily.OFFICE));
        assertThat(detect(FileFixtures.wordDocument(true), "report.docx"))
            .isEqualTo(FileType.of("application/vnd.ms-word.document.macroenabled.12", FileFamily.MACRO_DOCUMENT));
    }

    @Test
    void archives() {
        assertThat(detect(FileFixtures.zip("a.txt", "hello".getBytes(StandardCharsets.US_ASCII)), "a.pdf"))
            .isEqualTo(FileType.of("application/zip", FileFamily.ARCHIVE));
        assertThat(detect(FileFixtures.gzip("hello".getBytes(StandardCharsets.US_ASCII)), null).family())
            .isEqualTo(FileFamily.ARCHIVE);
        byte[] tar = FileFixtures.tar(java.util.Map.of("a.txt", "hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(detect(tar, null)).isEqualTo(FileType.of("application/x-tar", FileFamily.ARCHIVE));
    }

    @Test
    void encryptedArchives() {
        FileType zip = detect(FileFixtures.encryptedZip("secret.exe", FileFixtures.portableExecutable()), "a.zip");
        assertThat(zip.family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(zip.encrypted()).isTrue();
        assertThat(zip.family().isKindOf(FileFamily.ARCHIVE)).isTrue();
        FileType rar = detect(FileFixtures.rar5WithEncryptedHeaders(), "a.rar");
        assertThat(rar.family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(detect(FileFixtures.rar4WithEncryptedHeaders(), "a.rar").family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(detect(FileFixtures.sevenZip(100, true), "a.7z").family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(detect(FileFixtures.sevenZip(100, false), "a.7z"))
            .isEqualTo(FileType.of("application/x-7z-compressed", FileFamily.ARCHIVE));
        FileType encryptedWord = detect(FileFixtures.ole2("EncryptionInfo", "EncryptedPackage"), "a.docx");
        assertThat(encryptedWord.family()).isEqualTo(FileFamily.OFFICE);
        assertThat(encryptedWord.encrypted()).isTrue();
    }

    @Test
    void whatLiesBeyondTheHeadIsReadAsItStreamsBy() {
        // a 7z header at the end of 200 KB, an OLE2 directory entry after 100 KB: the probe sees both
        for (boolean encrypted : new boolean[] {true, false}) {
            byte[] archive = FileFixtures.sevenZip(200_000, encrypted);
            FileProbe probe = new FileProbe(detector, "a.7z", new byte[FileTypeDetector.HEAD_BYTES]);
            for (int i = 0; i < archive.length; i += 1000) {
                probe.write(archive, i, Math.min(1000, archive.length - i));
            }
            assertThat(probe.type().family()).isEqualTo(encrypted ? FileFamily.ENCRYPTED_ARCHIVE : FileFamily.ARCHIVE);
            assertThat(probe.size()).isEqualTo(archive.length);
        }
        byte[] document = new byte[512 * 256];
        byte[] small = FileFixtures.ole2("WordDocument");
        System.arraycopy(small, 0, document, 0, 512);
        byte[] macros = FileFixtures.ole2("_VBA_PROJECT");
        System.arraycopy(macros, 640, document, 512 * 200, 128); // its one stream entry, far past the head
        FileProbe probe = new FileProbe(detector, "a.doc", new byte[FileTypeDetector.HEAD_BYTES]);
        probe.write(document, 0, document.length);
        assertThat(probe.headType().family()).isEqualTo(FileFamily.OFFICE);
        assertThat(probe.type().family()).isEqualTo(FileFamily.MACRO_DOCUMENT);
    }

    @Test
    void scriptsByNameOnlyWhenTheBytesShowNothingMore() {
        byte[] javascript = "var shell = new ActiveXObject('WScript.Shell');\nshell.Run('calc');\n"
            .getBytes(StandardCharsets.US_ASCII);
        assertThat(detect(javascript, "invoice.js").family()).isEqualTo(FileFamily.SCRIPT);
        assertThat(detect(javascript, "INVOICE.JS. ").family()).isEqualTo(FileFamily.SCRIPT);
        assertThat(detect(javascript, "invoice.txt").family()).isEqualTo(FileFamily.OTHER);
        assertThat(detect(FileFixtures.portableExecutable(), "invoice.js").family()).isEqualTo(FileFamily.EXECUTABLE);
        byte[] batch = "@echo off\r\ndel /q *.*\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(detect(batch, "readme").family()).isEqualTo(FileFamily.SCRIPT);
        byte[] shell = "#!/bin/sh\nrm -rf ~\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(detect(shell, null).family()).isEqualTo(FileFamily.SCRIPT);
    }

    @Test
    void onlyTheHeadIsRead() {
        byte[] big = new byte[FileTypeDetector.HEAD_BYTES * 3];
        byte[] pdf = FileFixtures.pdf();
        System.arraycopy(pdf, 0, big, FileTypeDetector.HEAD_BYTES + 10, pdf.length);
        assertThat(detect(big, null).family()).isEqualTo(FileFamily.OTHER);
        assertThat(detector.detect(new byte[0], 0, "a.exe")).isEqualTo(FileType.of("application/octet-stream", FileFamily.OTHER));
    }

    @Test
    void familiesOfMimeTypesAndAliases() {
        assertThat(detector.familyOf("application/x-zip-compressed")).isEqualTo(FileFamily.ARCHIVE);
        assertThat(detector.familyOf("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).isEqualTo(FileFamily.OFFICE);
        assertThat(detector.familyOf("application/vnd.ms-excel.sheet.macroenabled.12")).isEqualTo(FileFamily.MACRO_DOCUMENT);
        assertThat(detector.familyOf("application/javascript")).isEqualTo(FileFamily.SCRIPT);
        assertThat(detector.familyOf("image/svg+xml")).isEqualTo(FileFamily.IMAGE);
        assertThat(detector.familyOf("text/html")).isEqualTo(FileFamily.OTHER);
        assertThat(detector.canonicalMimeType("application/x-zip-compressed")).isEqualTo("application/zip");
        assertThat(detector.canonicalMimeType("Application/X-MSDownload; format=pe")).isEqualTo("application/x-msdownload");
    }

    @Test
    void everyListedArchiveFormatIsAnArchive() {
        java.util.Map<String, byte[]> entries = java.util.Map.of("a.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        byte[][] archives = {FileFixtures.zip(entries), FileFixtures.tar(entries), FileFixtures.gzip(new byte[10]),
            ArchiveFormatFixtures.sevenZip(entries, null), ArchiveFormatFixtures.ar(entries), ArchiveFormatFixtures.cpio(entries),
            ArchiveFormatFixtures.xz(new byte[10]), ArchiveFormatFixtures.lzma(new byte[10]),
            ArchiveFormatFixtures.rar4(ArchiveFormatFixtures.Entry.compressed("a.txt", 1)),
            ArchiveFormatFixtures.rar5(ArchiveFormatFixtures.Entry.compressed("a.txt", 1)),
            ArchiveFormatFixtures.ace(ArchiveFormatFixtures.Entry.compressed("a.txt", 1)),
            ArchiveFormatFixtures.iso(entries, true, false), ArchiveFormatFixtures.fat12(entries),
            {0x1F, (byte) 0x9D, (byte) 0x90, 'a', 0}, {0x60, (byte) 0xEA, 0x22, 0x00, 0x1E, 0x0B, 0x01, 0x02, 0x00}};
        for (byte[] archive : archives) {
            FileType type = detect(archive, "x");
            assertThat(type.family()).as("%s", type).isEqualTo(FileFamily.ARCHIVE);
            assertThat(detector.archiveFormat(type)).as("%s", type).isPresent();
        }
        assertThat(detector.archiveFormat(detect(FileFixtures.pdf(), "x.zip"))).isEmpty();
    }

    @Test
    void archivesTikaDoesNotKnow() {
        assertThat(detect(ArchiveFormatFixtures.ace(ArchiveFormatFixtures.Entry.compressed("a.txt", 1)), null).mimeType())
            .isEqualTo("application/x-ace-compressed");
        assertThat(detect(ArchiveFormatFixtures.lzma(FileFixtures.portableExecutable()), null).mimeType()).isEqualTo("application/x-lzma");
        byte[] vhdx = new byte[1024];
        System.arraycopy("vhdxfile".getBytes(StandardCharsets.US_ASCII), 0, vhdx, 0, 8);
        assertThat(detect(vhdx, "disk.vhdx")).isEqualTo(FileType.of("application/x-vhdx", FileFamily.ARCHIVE));

        byte[] udf = new byte[20 * 2048];
        System.arraycopy("\0BEA01".getBytes(StandardCharsets.US_ASCII), 0, udf, 16 * 2048, 6);
        System.arraycopy("\0NSR03".getBytes(StandardCharsets.US_ASCII), 0, udf, 17 * 2048, 6);
        assertThat(detect(udf, "disc.iso")).isEqualTo(FileType.of("application/x-udf-image", FileFamily.ARCHIVE));

        // a fixed VHD: a disk (here a FAT image) followed by a 512-byte footer, far past the head
        byte[] fat = ArchiveFormatFixtures.fat12(java.util.Map.of("a.exe", FileFixtures.portableExecutable()));
        byte[] vhd = Arrays.copyOf(fat, FileTypeDetector.HEAD_BYTES * 3 + 512);
        System.arraycopy("conectix".getBytes(StandardCharsets.US_ASCII), 0, vhd, vhd.length - 512, 8);
        FileProbe probe = new FileProbe(detector, "disk.vhd", new byte[FileTypeDetector.HEAD_BYTES]);
        probe.write(vhd, 0, vhd.length);
        assertThat(probe.type()).isEqualTo(FileType.of("application/x-vhd", FileFamily.ARCHIVE));
        FileProbe plainFat = new FileProbe(detector, "disk.img", new byte[FileTypeDetector.HEAD_BYTES]);
        plainFat.write(fat, 0, fat.length);
        assertThat(plainFat.type().mimeType()).isEqualTo("application/x-fat-diskimage");

        // three bytes of a jump are not a FAT boot sector, whatever Tika's magic says
        byte[] jump = new byte[600];
        jump[0] = (byte) 0xEB;
        jump[2] = (byte) 0x90;
        jump[14] = 0x01;
        assertThat(detect(jump, "x.img").family()).isEqualTo(FileFamily.OTHER);
        // a garbled (password-protected) ARJ archive
        byte[] arj = {0x60, (byte) 0xEA, 0x22, 0x00, 0x1E, 0x0B, 0x01, 0x02, 0x01};
        assertThat(detect(arj, "x.arj").family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
    }

    @Test
    void familyClaimedByAName() {
        assertThat(detector.familyOfName("invoice.exe")).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(detector.familyOfName("docs\\Invoice.PDF.EXE. ")).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(detector.familyOfName("report.docx")).isEqualTo(FileFamily.OFFICE);
        assertThat(detector.familyOfName("report.docm")).isEqualTo(FileFamily.MACRO_DOCUMENT);
        assertThat(detector.familyOfName("backup.zip")).isEqualTo(FileFamily.ARCHIVE);
        assertThat(detector.familyOfName("run.vbs")).isEqualTo(FileFamily.SCRIPT);
        assertThat(detector.familyOfName("scan.pdf")).isEqualTo(FileFamily.PDF);
        assertThat(detector.familyOfName("notes.txt")).isEqualTo(FileFamily.OTHER);
        assertThat(detector.familyOfName("README")).isEqualTo(FileFamily.OTHER);
        assertThat(detector.familyOfName(null)).isEqualTo(FileFamily.OTHER);
    }

    @Test
    void hostileBytesNeverFail() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(4096)];
            random.nextBytes(bytes);
            // the start of each format, then noise
            byte[][] starts = {FileFixtures.ole2(), FileFixtures.rar5WithEncryptedHeaders(), {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C},
                {'P', 'K', 3, 4}, {'M', 'Z'}, {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00}, {0x5D, 0, 0, (byte) 0x80, 0},
                {(byte) 0xEB, 0x3C, (byte) 0x90}, {0x60, (byte) 0xEA}, {1, 2, 3, 4, 5, 6, 7, '*', '*', 'A', 'C', 'E', '*', '*'}};
            byte[] start = starts[i % starts.length];
            System.arraycopy(start, 0, bytes, 0, Math.min(start.length, bytes.length));
            assertThat(detect(bytes, "x.bin")).isNotNull();
        }
    }
}
