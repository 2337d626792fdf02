package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Members of archives at any depth, within bounds, and hostile archives as findings, not exceptions. */
class ArchiveExplorerTest {
    private final FileTypeDetector detector = FileTypeDetector.standard();
    private final ArchiveExplorer explorer = new ArchiveExplorer(detector, ArchiveLimits.defaults());

    private ArchiveExplorer.Listing list(byte[] archive, String name) throws IOException {
        return list(explorer, archive, name);
    }

    private ArchiveExplorer.Listing list(ArchiveExplorer archiveExplorer, byte[] archive, String name) throws IOException {
        FileType type = detector.detect(archive, archive.length, name);
        assertThat(archiveExplorer.canList(type)).as("listable: %s", type).isTrue();
        return archiveExplorer.list(new ByteArrayInputStream(archive), archive.length, type, name);
    }

    @Test
    void zipContainingAnExecutable() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("readme.txt", "Open the invoice".getBytes(StandardCharsets.US_ASCII));
        entries.put("docs/", new byte[0]);
        entries.put("docs/invoice.pdf", FileFixtures.portableExecutable());
        ArchiveExplorer.Listing listing = list(FileFixtures.zip(entries), "statement.zip");

        assertThat(listing.members()).hasSize(2); // folders are not files
        ArchiveMember exe = listing.members().get(1);
        assertThat(exe.name()).isEqualTo("docs/invoice.pdf");
        assertThat(exe.extension()).isEqualTo("pdf");
        assertThat(exe.family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(exe.detectedMimeType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-msdownload"));
        assertThat(exe.size()).isEqualTo(FileFixtures.portableExecutable().length);
        assertThat(exe.depth()).isEqualTo(1);
        assertThat(listing.members().get(0).family()).isEqualTo(FileFamily.OTHER);
        assertThat(listing.type()).isEqualTo(FileType.of("application/zip", FileFamily.ARCHIVE));
        assertThat(listing.limitExceeded()).isEmpty();
        assertThat(listing.malformed()).isEmpty();
    }

    @Test
    void nestedArchivesAreOpenedDownToTheDepthLimit() throws IOException {
        ArchiveExplorer.Listing three = list(FileFixtures.nestedZip(3), "outer.zip");
        ArchiveMember level1 = three.members().get(0);
        ArchiveMember level2 = level1.members().get(0);
        ArchiveMember exe = level2.members().get(0);
        assertThat(level1.name()).isEqualTo("level1.zip");
        assertThat(level2.depth()).isEqualTo(2);
        assertThat(exe.name()).isEqualTo("invoice.exe");
        assertThat(exe.depth()).isEqualTo(3);
        assertThat(exe.family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(three.limitExceeded()).isEmpty();

        ArchiveExplorer.Listing four = list(FileFixtures.nestedZip(4), "outer.zip");
        ArchiveMember deepest = four.members().get(0).members().get(0).members().get(0);
        assertThat(deepest.name()).isEqualTo("level3.zip");
        assertThat(deepest.family()).isEqualTo(FileFamily.ARCHIVE);
        assertThat(deepest.members()).isEmpty();
        assertThat(four.limitExceeded()).hasValue("archive 'level3.zip' nested deeper than 3 levels was not opened");
    }

    @Test
    void zipBombStopsAtTheCompressionRatio() throws IOException {
        byte[] bomb = FileFixtures.zerosZip(20);
        assertThat(bomb.length).isLessThan(100_000);
        ArchiveExplorer.Listing listing = list(bomb, "bomb.zip");
        assertThat(listing.limitExceeded()).hasValueSatisfying(why -> assertThat(why).startsWith("expands more than 100 times"));
        assertThat(listing.members()).extracting(ArchiveMember::name).containsExactly("zeros.bin");
        assertThat(listing.members().get(0).size()).isLessThan(20L * 1024 * 1024);
    }

    @Test
    void smallTextsCompressWellWithoutAFinding() throws IOException {
        byte[] text = "all work and no play ".repeat(20_000).getBytes(StandardCharsets.US_ASCII); // 400 KB
        ArchiveExplorer.Listing listing = list(FileFixtures.zip("log.txt", text), "log.zip");
        assertThat(listing.limitExceeded()).isEmpty();
        assertThat(listing.members().get(0).size()).isEqualTo(text.length);
    }

    @Test
    void expandedBytesAndMemberCountAreBounded() throws IOException {
        ArchiveExplorer small = new ArchiveExplorer(detector, ArchiveLimits.defaults().withMaxExpandedBytes(64 * 1024)
            .withMaxRatio(100_000, 0));
        byte[] random = new byte[200_000];
        new Random(1).nextBytes(random);
        assertThat(list(small, FileFixtures.zip("noise.bin", random), "a.zip").limitExceeded())
            .hasValue("more than 65536 bytes decompressed");

        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 1005; i++) {
            many.put("file" + i + ".txt", new byte[] {'x'});
        }
        ArchiveExplorer.Listing listing = list(FileFixtures.zip(many), "many.zip");
        assertThat(listing.limitExceeded()).hasValue("more than 1000 members");
        assertThat(listing.members()).hasSize(1000);
    }

    @Test
    void corruptZipIsAProblemNotAnException() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("first.exe", FileFixtures.portableExecutable());
        byte[] noise = new byte[50_000];
        new Random(2).nextBytes(noise);
        entries.put("second.bin", noise);
        byte[] zip = FileFixtures.zip(entries);
        int secondData = indexOf(zip, "second.bin".getBytes(StandardCharsets.US_ASCII)) + 20;
        ArchiveExplorer.Listing damaged = list(FileFixtures.damaged(zip, secondData, (byte) 0x55), "damaged.zip");
        assertThat(damaged.malformed()).isPresent();
        assertThat(damaged.members()).extracting(ArchiveMember::name).startsWith("first.exe");
        assertThat(damaged.members().get(0).family()).isEqualTo(FileFamily.EXECUTABLE);

        byte[] truncated = java.util.Arrays.copyOf(zip, zip.length / 2);
        assertThat(list(truncated, "truncated.zip").malformed()).isPresent();

        byte[] header = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        byte[] garbage = new byte[5000];
        new Random(3).nextBytes(garbage);
        System.arraycopy(header, 0, garbage, 0, header.length);
        ArchiveExplorer.Listing listing = list(garbage, "garbage.zip");
        assertThat(listing.members()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void randomDamageNeverThrows() throws IOException {
        byte[] zip = FileFixtures.zip(Map.of("a.txt", "hello hello hello".getBytes(StandardCharsets.US_ASCII),
            "b.zip", FileFixtures.zip("c.exe", FileFixtures.portableExecutable())));
        byte[] tarGz = FileFixtures.gzip(FileFixtures.tar(Map.of("a.exe", FileFixtures.portableExecutable())));
        Random random = new Random(4);
        for (byte[] archive : List.of(zip, tarGz)) {
            for (int i = 0; i < 300; i++) {
                byte[] copy = archive.clone();
                for (int flips = 0; flips < 1 + random.nextInt(8); flips++) {
                    copy[4 + random.nextInt(copy.length - 4)] = (byte) random.nextInt(256);
                }
                FileType type = detector.detect(copy, copy.length, "x");
                if (explorer.canList(type)) {
                    assertThat(explorer.list(new ByteArrayInputStream(copy), copy.length, type, "x")).isNotNull();
                }
            }
        }
    }

    @Test
    void encryptedZip() throws IOException {
        ArchiveExplorer.Listing listing = list(FileFixtures.encryptedZip("payload.exe", FileFixtures.portableExecutable()), "locked.zip");
        assertThat(listing.type().family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(listing.type().encrypted()).isTrue();
        ArchiveMember member = listing.members().get(0);
        assertThat(member.name()).isEqualTo("payload.exe");
        assertThat(member.extension()).isEqualTo("exe");
        assertThat(member.encrypted()).isTrue();
        assertThat(member.detectedMimeType()).isEmpty();
        assertThat(listing.malformed()).isEmpty();
    }

    @Test
    void ooxmlWithAVbaProjectIsAMacroDocument() throws IOException {
        ArchiveExplorer.Listing macro = list(FileFixtures.wordDocument(true), "report.docx");
        assertThat(macro.type().family()).isEqualTo(FileFamily.MACRO_DOCUMENT);
        assertThat(macro.members()).extracting(ArchiveMember::name).contains("word/vbaProject.bin");
        ArchiveMember vba = macro.members().stream().filter(m -> m.name().equals("word/vbaProject.bin")).findFirst().orElseThrow();
        assertThat(vba.family()).isEqualTo(FileFamily.MACRO_DOCUMENT); // an OLE2 file with a VBA storage

        assertThat(list(FileFixtures.wordDocument(false), "report.docx").type())
            .isEqualTo(FileType.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileFamily.OFFICE));

        // a docm inside a zip is a macro document one level down
        ArchiveExplorer.Listing zipped = list(FileFixtures.zip("q3.docx", FileFixtures.wordDocument(true)), "q3.zip");
        assertThat(zipped.members().get(0).family()).isEqualTo(FileFamily.MACRO_DOCUMENT);
        assertThat(zipped.members().get(0).members()).isNotEmpty();
    }

    @Test
    void tarGzipAndGzip() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("notes.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        entries.put("bin/run.sh", FileFixtures.elfExecutable());
        byte[] tar = FileFixtures.tar(entries);

        ArchiveExplorer.Listing plain = list(tar, "files.tar");
        assertThat(plain.members()).extracting(ArchiveMember::name).containsExactly("notes.txt", "bin/run.sh");
        assertThat(plain.members().get(1).family()).isEqualTo(FileFamily.EXECUTABLE);

        ArchiveExplorer.Listing compressed = list(FileFixtures.gzip(tar), "files.tar.gz");
        assertThat(compressed.members()).extracting(ArchiveMember::name).containsExactly("notes.txt", "bin/run.sh");
        assertThat(compressed.members()).allSatisfy(member -> assertThat(member.depth()).isEqualTo(1));

        ArchiveExplorer.Listing single = list(FileFixtures.gzip(FileFixtures.portableExecutable()), "invoice.pdf.gz");
        assertThat(single.members()).hasSize(1);
        assertThat(single.members().get(0).name()).isEqualTo("invoice.pdf");
        assertThat(single.members().get(0).family()).isEqualTo(FileFamily.EXECUTABLE);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
