package io.cleanport.core.scan;

import static io.cleanport.core.scan.ArchiveFormatFixtures.Entry;
import static io.cleanport.core.scan.ArchiveFormatFixtures.concat;
import static io.cleanport.core.scan.ArchiveFormatFixtures.vint;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.RuleHit;

/**
 * The formats beyond zip and tar: 7z, ar, cpio, xz, lzma, .Z read through; RAR and ACE named from their
 * headers; ISO 9660 and FAT images read from memory. Hostile headers finish with a finding.
 */
class ArchiveFormatsTest {
    private static final byte[] TEXT = "Please find the invoice attached.".getBytes(StandardCharsets.US_ASCII);

    private final FileTypeDetector detector = FileTypeDetector.standard();
    private final ArchiveExplorer explorer = new ArchiveExplorer(detector, ArchiveLimits.defaults());

    private ArchiveExplorer.Listing list(byte[] archive, String name) throws IOException {
        return list(explorer, archive, name);
    }

    private ArchiveExplorer.Listing list(ArchiveExplorer archiveExplorer, byte[] archive, String name) throws IOException {
        FileType type = detector.detect(archive, archive.length, name);
        assertThat(type.family().isKindOf(FileFamily.ARCHIVE)).as("an archive: %s", type).isTrue();
        assertThat(archiveExplorer.canList(type)).as("listable: %s", type).isTrue();
        return archiveExplorer.list(new ByteArrayInputStream(archive), archive.length, type, name);
    }

    private static ArchiveMember member(ArchiveExplorer.Listing listing, String name) {
        return listing.members().stream().filter(member -> member.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void sevenZipWithANestedZipHoldingAnExecutable() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("readme.txt", TEXT);
        entries.put("docs/invoice-docs.zip", FileFixtures.zip("invoice.exe", FileFixtures.portableExecutable()));
        ArchiveExplorer.Listing listing = list(ArchiveFormatFixtures.sevenZip(entries, null), "invoice.7z");

        assertThat(listing.members()).extracting(ArchiveMember::name).containsExactly("readme.txt", "docs/invoice-docs.zip");
        ArchiveMember zip = member(listing, "docs/invoice-docs.zip");
        assertThat(zip.depth()).isEqualTo(1);
        assertThat(zip.family()).isEqualTo(FileFamily.ARCHIVE);
        ArchiveMember exe = zip.members().get(0);
        assertThat(exe.name()).isEqualTo("invoice.exe");
        assertThat(exe.depth()).isEqualTo(2);
        assertThat(exe.family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(exe.detectedMimeType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-msdownload"));
        assertThat(exe.fingerprint()).isPresent();
        assertThat(member(listing, "readme.txt").size()).isEqualTo(TEXT.length);
        assertThat(listing.type()).isEqualTo(FileType.of("application/x-7z-compressed", FileFamily.ARCHIVE));
        assertThat(listing.limitExceeded()).isEmpty();
        assertThat(listing.malformed()).isEmpty();

        // and a 7z inside a zip is opened too
        ArchiveExplorer.Listing zipped = list(FileFixtures.zip("inner.7z", ArchiveFormatFixtures.sevenZip(
            Map.of("setup.exe", FileFixtures.portableExecutable()), null)), "outer.zip");
        assertThat(zipped.members().get(0).members()).extracting(ArchiveMember::family).containsExactly(FileFamily.EXECUTABLE);
    }

    @Test
    void encryptedSevenZipIsNamedButNotRead() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("payload.exe", FileFixtures.portableExecutable());
        entries.put("notes.txt", TEXT);
        ArchiveExplorer.Listing listing = list(ArchiveFormatFixtures.sevenZip(entries, "infected"), "locked.7z");

        assertThat(listing.type().family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(listing.type().encrypted()).isTrue();
        ArchiveMember payload = member(listing, "payload.exe");
        assertThat(payload.encrypted()).isTrue();
        assertThat(payload.detectedMimeType()).isEmpty();
        assertThat(payload.family()).isEqualTo(FileFamily.OTHER); // its content is unknown: families mean content
        assertThat(payload.extension()).isEqualTo("exe");
        assertThat(payload.size()).isEqualTo(FileFixtures.portableExecutable().length);
        assertThat(payload.fingerprint()).isEmpty();
        assertThat(member(listing, "notes.txt").family()).isEqualTo(FileFamily.OTHER);
        assertThat(listing.malformed()).isEmpty();
    }

    @Test
    void sevenZipWithEncryptedHeadersHasNoNames() throws IOException {
        ArchiveExplorer.Listing listing = list(ArchiveFormatFixtures.sevenZipWithEncryptedHeader(), "locked.7z");
        assertThat(listing.members()).isEmpty();
        assertThat(listing.type().family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(listing.malformed()).isEmpty();
        assertThat(listing.limitExceeded()).isEmpty();
    }

    @Test
    void hostileSevenZipFinishesWithAFinding() throws IOException {
        byte[] sevenZip = ArchiveFormatFixtures.sevenZip(Map.of("a.exe", FileFixtures.portableExecutable(), "b.txt", TEXT), null);

        ArchiveExplorer.Listing truncated = list(Arrays.copyOf(sevenZip, sevenZip.length - 10), "cut.7z");
        assertThat(truncated.malformed()).isPresent();
        assertThat(truncated.members()).isEmpty();

        ArchiveExplorer.Listing dictionary = list(ArchiveFormatFixtures.sevenZipWithHugeDictionary(sevenZip), "huge.7z");
        assertThat(dictionary.limitExceeded()).hasValueSatisfying(why -> assertThat(why)
            .isEqualTo("'huge.7z' needs 1572968 KiB of memory to decompress, more than the 73728 KiB allowed"));
        assertThat(dictionary.members()).isEmpty();

        // an encoded header claiming to unpack to 1 GiB: refused before commons-compress would allocate it
        byte[] bomb = ArchiveFormatFixtures.sevenZipWithEncryptedHeader();
        int unpackSize = indexOf(bomb, new byte[] {0x0C, 0x10, 0x00, 0x00});
        byte[] claimed = concat(Arrays.copyOf(bomb, unpackSize + 1), new byte[] {(byte) 0xF0, 0, 0, 0, 0x40},
            Arrays.copyOfRange(bomb, unpackSize + 2, bomb.length));
        java.nio.ByteBuffer.wrap(claimed, 20, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(claimed.length - 32 - 16); // the header grew by four bytes
        ArchiveExplorer.Listing headerBomb = list(claimed, "bomb.7z");
        assertThat(headerBomb.limitExceeded()).hasValueSatisfying(why -> assertThat(why).contains("1073741824 bytes"));

        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] copy = sevenZip.clone();
            for (int flips = 0; flips < 1 + random.nextInt(6); flips++) {
                copy[8 + random.nextInt(copy.length - 8)] = (byte) random.nextInt(256);
            }
            assertThat(explorer.list(new ByteArrayInputStream(copy), copy.length, detector.detect(copy, copy.length, "x.7z"), "x.7z"))
                .isNotNull();
        }
    }

    @Test
    void nestedSevenZipLargerThanTheBudgetLeftIsNotOpened() throws IOException {
        // the 7z's head (64 KiB) is charged as it is typed; what follows it has to fit in what is left
        ArchiveExplorer small = new ArchiveExplorer(detector, ArchiveLimits.defaults().withMaxExpandedBytes(256 * 1024)
            .withMaxRatio(100_000, 0));
        byte[] noise = new byte[200 * 1024];
        new Random(5).nextBytes(noise);
        byte[] pad = new byte[100 * 1024];
        new Random(6).nextBytes(pad);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("pad.bin", pad);
        entries.put("inner.7z", ArchiveFormatFixtures.sevenZip(Map.of("noise.bin", noise), null));
        ArchiveExplorer.Listing listing = list(small, FileFixtures.zip(entries), "outer.zip");
        assertThat(listing.limitExceeded()).hasValueSatisfying(why -> assertThat(why)
            .startsWith("'inner.7z': a 7z archive larger than the ").endsWith(" bytes left to examine was not opened"));
        assertThat(member(listing, "inner.7z").members()).isEmpty();
    }

    @Test
    void arCpioXzLzmaAndCompress() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("readme.txt", TEXT);
        entries.put("invoice.pdf", FileFixtures.portableExecutable());

        ArchiveExplorer.Listing ar = list(ArchiveFormatFixtures.ar(entries), "files.a");
        assertThat(ar.members()).extracting(ArchiveMember::name).containsExactly("readme.txt", "invoice.pdf");
        assertThat(member(ar, "invoice.pdf").family()).isEqualTo(FileFamily.EXECUTABLE);

        ArchiveExplorer.Listing cpio = list(ArchiveFormatFixtures.cpio(entries), "files.cpio");
        assertThat(cpio.members()).extracting(ArchiveMember::name).containsExactly("readme.txt", "invoice.pdf");
        assertThat(member(cpio, "invoice.pdf").fingerprint()).isPresent();

        // a compressed tar is listed as the tar
        ArchiveExplorer.Listing tarXz = list(ArchiveFormatFixtures.xz(FileFixtures.tar(entries)), "files.tar.xz");
        assertThat(tarXz.members()).extracting(ArchiveMember::name).containsExactly("readme.txt", "invoice.pdf");
        assertThat(tarXz.members()).allSatisfy(member -> assertThat(member.depth()).isEqualTo(1));

        ArchiveExplorer.Listing lzma = list(ArchiveFormatFixtures.lzma(FileFixtures.portableExecutable()), "invoice.pdf.lzma");
        assertThat(lzma.members()).extracting(ArchiveMember::name).containsExactly("invoice.pdf");
        assertThat(lzma.members().get(0).family()).isEqualTo(FileFamily.EXECUTABLE);

        byte[] shortPe = Arrays.copyOf(FileFixtures.portableExecutable(), 200);
        ArchiveExplorer.Listing z = list(compress(shortPe), "invoice.exe.Z");
        assertThat(z.members()).extracting(ArchiveMember::name).containsExactly("invoice.exe");
        assertThat(z.members().get(0).family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(z.members().get(0).size()).isEqualTo(shortPe.length);
    }

    @Test
    void rar4NamesEncryptionAndStoredContent() throws IOException {
        byte[] rar = ArchiveFormatFixtures.rar4(Entry.stored("docs\\invoice.pdf", FileFixtures.portableExecutable()),
            Entry.compressed("readme.txt", 300), Entry.encrypted("payload.exe", 5000));
        ArchiveExplorer.Listing listing = list(rar, "invoice.rar");

        assertThat(listing.members()).extracting(ArchiveMember::name).containsExactly("docs\\invoice.pdf", "readme.txt", "payload.exe");
        ArchiveMember stored = member(listing, "docs\\invoice.pdf");
        assertThat(stored.family()).isEqualTo(FileFamily.EXECUTABLE); // read: its content is a program
        assertThat(stored.detectedMimeType()).isPresent();
        assertThat(stored.fingerprint()).isPresent();
        ArchiveMember compressed = member(listing, "readme.txt");
        assertThat(compressed.detectedMimeType()).isEmpty();
        assertThat(compressed.size()).isEqualTo(300);
        assertThat(compressed.encrypted()).isFalse();
        ArchiveMember encrypted = member(listing, "payload.exe");
        assertThat(encrypted.encrypted()).isTrue();
        assertThat(encrypted.family()).isEqualTo(FileFamily.OTHER); // encrypted: unknown content, whatever the name
        assertThat(listing.type().family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(listing.malformed()).isEmpty();

        // compressed, not encrypted: a member has the family its name claims, as whoever unpacks it will see
        ArchiveExplorer.Listing plain = list(ArchiveFormatFixtures.rar4(Entry.compressed("a.txt", 10), Entry.compressed("b.js", 10),
            Entry.compressed("invoice.exe", 10)), "a.rar");
        assertThat(plain.type()).isEqualTo(FileType.of("application/x-rar-compressed; version=4", FileFamily.ARCHIVE));
        assertThat(plain.members()).extracting(ArchiveMember::family)
            .containsExactly(FileFamily.OTHER, FileFamily.SCRIPT, FileFamily.EXECUTABLE);
        assertThat(member(plain, "invoice.exe").detectedMimeType()).isEmpty();
    }

    @Test
    void rar5NamesEncryptionAndStoredContent() throws IOException {
        byte[] rar = ArchiveFormatFixtures.rar5(Entry.compressed("factures/mars.docm", 4000),
            Entry.encrypted("invoice.pdf.exe", 70_000), Entry.stored("setup.bin", FileFixtures.portableExecutable()));
        ArchiveExplorer.Listing listing = list(rar, "factures.rar");

        assertThat(listing.members()).extracting(ArchiveMember::name)
            .containsExactly("factures/mars.docm", "invoice.pdf.exe", "setup.bin");
        assertThat(member(listing, "factures/mars.docm").family()).isEqualTo(FileFamily.MACRO_DOCUMENT);
        assertThat(member(listing, "factures/mars.docm").encrypted()).isFalse();
        ArchiveMember encrypted = member(listing, "invoice.pdf.exe");
        assertThat(encrypted.encrypted()).isTrue();
        assertThat(encrypted.extension()).isEqualTo("exe");
        assertThat(encrypted.size()).isEqualTo(70_000);
        assertThat(member(listing, "setup.bin").family()).isEqualTo(FileFamily.EXECUTABLE); // stored: read
        assertThat(listing.type().family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(listing.malformed()).isEmpty();

        ArchiveExplorer.Listing headers = list(FileFixtures.rar5WithEncryptedHeaders(), "locked.rar");
        assertThat(headers.members()).isEmpty();
        assertThat(headers.type().family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        ArchiveExplorer.Listing rar4Headers = list(FileFixtures.rar4WithEncryptedHeaders(), "locked.rar");
        assertThat(rar4Headers.members()).isEmpty();
        assertThat(rar4Headers.type().encrypted()).isTrue();
    }

    @Test
    void rar4UnicodeNames() {
        // the OEM name "?????.exe", a zero, then the UTF-16 name: high byte 0x04, then flag bytes of four
        // two-bit codes (1: low byte with the high byte, 0: a low byte alone)
        byte[] ascii = "?????.exe".getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = {0x04, 0x55, 0x24, 0x30, 0x39, 0x3B, 0x40, 0x35, 0x2E, 0x65, 0x78, 0x00, 0x65};
        byte[] name = concat(ascii, new byte[] {0}, encoded);
        assertThat(RarHeaders.unicodeName(name, 0, name.length)).isEqualTo("\u0424\u0430\u0439\u043B\u0435.exe");
        byte[] utf8 = "r\u00E9sum\u00E9.exe".getBytes(StandardCharsets.UTF_8);
        assertThat(RarHeaders.unicodeName(utf8, 0, utf8.length)).isEqualTo("r\u00E9sum\u00E9.exe");
    }

    @Test
    void hostileRarHeadersFinishWithAFinding() throws IOException {
        // RAR 5: a header claiming 2^40 bytes
        ByteArrayOutputStream huge = new ByteArrayOutputStream();
        huge.writeBytes(new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00, 1, 2, 3, 4});
        huge.writeBytes(vint(1L << 40));
        huge.writeBytes(new byte[64]);
        ArchiveExplorer.Listing hugeHeader = list(huge.toByteArray(), "huge.rar");
        assertThat(hugeHeader.malformed()).hasValueSatisfying(why -> assertThat(why).contains("a header of 1099511627776 bytes"));

        // RAR 5: a name of a gigabyte in a small header
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        name.writeBytes(new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x01, 0x00});
        ArchiveFormatFixtures.rar5Header(name, concat(vint(2), vint(0), vint(0), vint(10), vint(0x20), vint(0), vint(0),
            vint(1L << 30), "a.exe".getBytes(StandardCharsets.US_ASCII)));
        assertThat(list(name.toByteArray(), "name.rar").malformed()).hasValueSatisfying(why -> assertThat(why).contains("name"));

        // RAR 4: a name longer than its header, then a file whose data runs past the end
        ByteArrayOutputStream rar4 = new ByteArrayOutputStream();
        rar4.writeBytes(new byte[] {'R', 'a', 'r', '!', 0x1A, 0x07, 0x00});
        byte[] fields = new byte[25 + 4];
        fields[19] = (byte) 0xFF; // NAME_SIZE 65535 in a header of 36 bytes
        fields[20] = (byte) 0xFF;
        ArchiveFormatFixtures.rar4Block(rar4, 0x74, 0x8000, fields);
        assertThat(list(rar4.toByteArray(), "name.rar").malformed()).hasValueSatisfying(why -> assertThat(why).contains("65535"));

        byte[] truncated = ArchiveFormatFixtures.rar4(Entry.stored("a.exe", FileFixtures.portableExecutable()));
        ArchiveExplorer.Listing cut = list(Arrays.copyOf(truncated, truncated.length - 600), "cut.rar");
        assertThat(cut.malformed()).isPresent();
        assertThat(cut.members()).extracting(ArchiveMember::name).containsExactly("a.exe");

        // as many file headers as the bytes allow: the member bound stops them
        Entry[] many = new Entry[1500];
        for (int i = 0; i < many.length; i++) {
            many[i] = Entry.compressed("f" + i + ".txt", 0);
        }
        ArchiveExplorer.Listing crowded = list(ArchiveFormatFixtures.rar5(many), "many.rar");
        assertThat(crowded.limitExceeded()).hasValue("more than 1000 members");
        assertThat(crowded.members()).hasSize(1000);

        Random random = new Random(12);
        byte[][] samples = {ArchiveFormatFixtures.rar4(Entry.stored("a.exe", FileFixtures.portableExecutable()), Entry.encrypted("b", 9)),
            ArchiveFormatFixtures.rar5(Entry.stored("a.exe", FileFixtures.portableExecutable()), Entry.encrypted("b", 9)),
            ArchiveFormatFixtures.ace(Entry.stored("a.exe", FileFixtures.portableExecutable()), Entry.encrypted("b", 9))};
        for (byte[] sample : samples) {
            for (int i = 0; i < 300; i++) {
                byte[] copy = sample.clone();
                for (int flips = 0; flips < 1 + random.nextInt(6); flips++) {
                    copy[14 + random.nextInt(copy.length - 14)] = (byte) random.nextInt(256);
                }
                assertThat(explorer.list(new ByteArrayInputStream(copy), copy.length, detector.detect(copy, copy.length, "x"), "x"))
                    .isNotNull();
            }
        }
    }

    @Test
    void aceNamesEncryptionAndStoredContent() throws IOException {
        byte[] ace = ArchiveFormatFixtures.ace(Entry.stored("invoice.pdf", FileFixtures.portableExecutable()),
            Entry.compressed("Startup\\update.vbs", 700), Entry.encrypted("payload.exe", 2000));
        ArchiveExplorer.Listing listing = list(ace, "invoice.ace");
        assertThat(listing.type().baseMimeType()).isEqualTo("application/x-ace-compressed");
        assertThat(listing.members()).extracting(ArchiveMember::name)
            .containsExactly("invoice.pdf", "Startup\\update.vbs", "payload.exe");
        assertThat(member(listing, "invoice.pdf").family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(member(listing, "invoice.pdf").detectedMimeType()).isPresent();
        assertThat(member(listing, "Startup\\update.vbs").family()).isEqualTo(FileFamily.SCRIPT);
        assertThat(member(listing, "payload.exe").encrypted()).isTrue();
        assertThat(listing.type().family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(listing.malformed()).isEmpty();
    }

    @Test
    void isoImageFilesAreReadWithTheirJolietNames() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("invoice.pdf.exe", FileFixtures.portableExecutable());
        files.put("readme.txt", TEXT);
        ArchiveExplorer.Listing listing = list(ArchiveFormatFixtures.iso(files, true, false), "invoice.img");

        assertThat(listing.type().baseMimeType()).isEqualTo("application/x-iso9660-image");
        assertThat(listing.members()).extracting(ArchiveMember::name).containsExactly("invoice.pdf.exe", "readme.txt");
        ArchiveMember exe = member(listing, "invoice.pdf.exe");
        assertThat(exe.family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(exe.detectedMimeType()).hasValueSatisfying(type -> assertThat(type).contains("format=pe"));
        assertThat(exe.size()).isEqualTo(FileFixtures.portableExecutable().length);
        assertThat(exe.fingerprint()).isPresent();
        assertThat(member(listing, "readme.txt").detectedMimeType()).hasValue("text/plain");
        assertThat(listing.malformed()).isEmpty();

        ArchiveExplorer.Listing plain = list(ArchiveFormatFixtures.iso(Map.of("SETUP.EXE", FileFixtures.portableExecutable()),
            false, false), "disc.iso");
        assertThat(plain.members()).extracting(ArchiveMember::name).containsExactly("SETUP.EXE");
        assertThat(plain.members().get(0).family()).isEqualTo(FileFamily.EXECUTABLE);
    }

    @Test
    void isoDirectoryLoopEndsAsMalformed() throws IOException {
        for (boolean joliet : new boolean[] {true, false}) {
            ArchiveExplorer.Listing listing = list(ArchiveFormatFixtures.iso(Map.of("a.exe", FileFixtures.portableExecutable()),
                joliet, true), "loop.iso");
            assertThat(listing.members()).extracting(ArchiveMember::name).containsExactly("a.exe");
            assertThat(listing.malformed()).hasValueSatisfying(why -> assertThat(why).contains("a directory loop"));
        }
        byte[] iso = ArchiveFormatFixtures.iso(Map.of("a.exe", FileFixtures.portableExecutable()), true, false);
        Random random = new Random(13);
        for (int i = 0; i < 300; i++) {
            byte[] copy = iso.clone();
            for (int flips = 0; flips < 1 + random.nextInt(8); flips++) {
                // the descriptors and folders, where damage makes a difference
                copy[16 * 2048 + random.nextInt(4 * 2048)] = (byte) random.nextInt(256);
            }
            FileType type = detector.detect(copy, copy.length, "x.iso");
            if (explorer.canList(type)) {
                assertThat(explorer.list(new ByteArrayInputStream(copy), copy.length, type, "x.iso")).isNotNull();
            }
        }
    }

    @Test
    void fatImageFilesAreReadWithTheirLongNames() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("invoice.pdf.exe", FileFixtures.portableExecutable());
        files.put("readme.txt", TEXT);
        byte[] image = ArchiveFormatFixtures.fat12(files);
        ArchiveExplorer.Listing listing = list(image, "scan.img");
        assertThat(listing.type().baseMimeType()).isEqualTo("application/x-fat-diskimage");
        assertThat(listing.members()).extracting(ArchiveMember::name).containsExactly("invoice.pdf.exe", "readme.txt");
        assertThat(member(listing, "invoice.pdf.exe").family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(member(listing, "invoice.pdf.exe").size()).isEqualTo(FileFixtures.portableExecutable().length);
        assertThat(member(listing, "readme.txt").size()).isEqualTo(TEXT.length);
        assertThat(listing.malformed()).isEmpty();

        // a cluster chain that loops back on itself ends after as many clusters as the disk has
        byte[] looped = image.clone();
        ArchiveFormatFixtures.fat12Entry(looped, 512, 3, 2); // the executable's second cluster points at its first
        ArchiveFormatFixtures.fat12Entry(looped, 512, 2, 3);
        java.nio.ByteBuffer.wrap(looped, 3 * 512 + 2 * 32 + 28, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
        ArchiveExplorer.Listing loop = list(looped, "loop.img");
        assertThat(loop.malformed()).hasValueSatisfying(why -> assertThat(why).contains("clusters end before"));
        assertThat(member(loop, "invoice.pdf.exe").size()).isLessThanOrEqualTo(image.length);
    }

    @Test
    void attachmentsInTheNewFormatsAreListedInAScan() throws IOException {
        byte[] rar = ArchiveFormatFixtures.rar5(Entry.compressed("invoice.exe", 4000), Entry.encrypted("b.txt", 16));
        byte[] iso = ArchiveFormatFixtures.iso(Map.of("invoice.pdf.exe", FileFixtures.portableExecutable()), true, false);
        String body = "--b1\nContent-Type: text/plain\n\nSee attached.\n" + attachment("invoice.rar", rar)
            + attachment("scan.img", iso) + "--b1--\n";
        ScanResult result = MessageScanner.withDefaults().scanWithFacts(TestMessages.stream(
            TestMessages.simple("Content-Type: multipart/mixed; boundary=\"b1\"\n", body)));

        List<Attachment> attachments = result.facts().attachments();
        assertThat(attachments).extracting(Attachment::family).containsExactly(FileFamily.ENCRYPTED_ARCHIVE, FileFamily.ARCHIVE);
        assertThat(attachments.get(0).members()).extracting(ArchiveMember::family).containsExactly(FileFamily.EXECUTABLE,
            FileFamily.OTHER);
        assertThat(attachments.get(1).members()).extracting(ArchiveMember::name).containsExactly("invoice.pdf.exe");
        assertThat(attachments.get(1).members().get(0).detectedMimeType()).isPresent();
        assertThat(result.verdict().hits()).extracting(RuleHit::ruleId).doesNotContain("ARCHIVE_MALFORMED");
    }

    private static String attachment(String name, byte[] content) {
        return "--b1\nContent-Type: application/octet-stream; name=\"" + name + "\"\nContent-Disposition: attachment; filename=\""
            + name + "\"\nContent-Transfer-Encoding: base64\n\n" + TestMessages.base64(content) + "\n";
    }

    /**
     * {@code content} in the .Z format of compress(1), every byte a literal 9-bit code (valid LZW that never
     * refers back): enough for a file under 250 bytes, before the code width grows.
     */
    private static byte[] compress(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1F, (byte) 0x9D, (byte) 0x90}); // 16-bit codes at most, block mode
        long bits = 0;
        int count = 0;
        for (byte b : content) {
            bits |= (long) (b & 0xff) << count;
            count += 9;
            while (count >= 8) {
                out.write((int) (bits & 0xff));
                bits >>>= 8;
                count -= 8;
            }
        }
        if (count > 0) {
            out.write((int) bits);
        }
        return out.toByteArray();
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
