package io.cleanport.core.scan;

import static io.cleanport.core.scan.TestMessages.base64;
import static io.cleanport.core.scan.TestMessages.simple;
import static io.cleanport.core.scan.TestMessages.stream;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;

/** The files and the text of a message, gathered in the walk of the virus scan. */
class MessageFactsInspectorTest {
    private final MessageScanner scanner = MessageScanner.withDefaults();

    /** A multipart/mixed message: a plain body, then one attachment per {@code (name, type, bytes)}. */
    private static String withAttachments(Object... parts) {
        StringBuilder body = new StringBuilder("--b1\nContent-Type: text/plain; charset=utf-8\n\nPlease see attached.\n");
        for (int i = 0; i < parts.length; i += 3) {
            body.append("--b1\nContent-Type: ").append(parts[i + 1]).append("; name=\"").append(parts[i]).append("\"\n")
                .append("Content-Disposition: attachment; filename=\"").append(parts[i]).append("\"\n")
                .append("Content-Transfer-Encoding: base64\n\n").append(base64((byte[]) parts[i + 2])).append("\n");
        }
        body.append("--b1--\n");
        return simple("Content-Type: multipart/mixed; boundary=\"b1\"\n", body.toString());
    }

    private ScanResult scan(String message) throws IOException {
        return scanner.scanWithFacts(stream(message));
    }

    @Test
    void executableNamedPdfIsDetected() throws IOException {
        byte[] pe = FileFixtures.portableExecutable();
        ScanResult result = scan(withAttachments("invoice.pdf", "application/pdf", pe));

        assertThat(result.verdict().category()).isEqualTo(Category.CLEAN);
        assertThat(result.facts().attachments()).hasSize(1);
        Attachment attachment = result.facts().attachments().get(0);
        assertThat(attachment.section()).isEqualTo("2");
        assertThat(attachment.fileName()).hasValue("invoice.pdf");
        assertThat(attachment.extension()).isEqualTo("pdf");
        assertThat(attachment.declaredMimeType()).isEqualTo("application/pdf");
        assertThat(attachment.detectedMimeType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-msdownload"));
        assertThat(attachment.family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(attachment.size()).isEqualTo(pe.length);
        assertThat(attachment.encrypted()).isFalse();
        assertThat(result.facts().text()).isEqualTo("Please see attached."); // the last line break is the boundary's
    }

    @Test
    void zipMembersAndMacroDocuments() throws IOException {
        byte[] zip = FileFixtures.zip("invoice.pdf", FileFixtures.portableExecutable());
        ScanResult result = scan(withAttachments("statement.zip", "application/zip", zip,
            "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileFixtures.wordDocument(true),
            "locked.zip", "application/zip", FileFixtures.encryptedZip("a.exe", FileFixtures.portableExecutable())));

        List<Attachment> attachments = result.facts().attachments();
        assertThat(attachments).extracting(Attachment::section).containsExactly("2", "3", "4");
        Attachment statement = attachments.get(0);
        assertThat(statement.family()).isEqualTo(FileFamily.ARCHIVE);
        assertThat(statement.members()).hasSize(1);
        assertThat(statement.members().get(0).name()).isEqualTo("invoice.pdf");
        assertThat(statement.members().get(0).family()).isEqualTo(FileFamily.EXECUTABLE);
        assertThat(attachments.get(1).family()).isEqualTo(FileFamily.MACRO_DOCUMENT);
        assertThat(attachments.get(2).family()).isEqualTo(FileFamily.ENCRYPTED_ARCHIVE);
        assertThat(attachments.get(2).encrypted()).isTrue();
        assertThat(result.verdict().hits()).isEmpty();
    }

    @Test
    void zipBombIsAFindingAndTheScanGoesOn() throws IOException {
        ScanResult result = scan(withAttachments("bomb.zip", "application/zip", FileFixtures.zerosZip(20),
            "after.exe", "application/octet-stream", FileFixtures.portableExecutable()));
        RuleHit hit = hitOf(result, "ARCHIVE_LIMIT_EXCEEDED");
        assertThat(hit.evidence()).startsWith("attachment 'bomb.zip' (part 2, application/zip): expands more than 100 times");
        assertThat(result.facts().attachments()).extracting(Attachment::family)
            .containsExactly(FileFamily.ARCHIVE, FileFamily.EXECUTABLE);
    }

    @Test
    void corruptZipIsAFindingNotAnException() throws IOException {
        byte[] zip = FileFixtures.zip(java.util.Map.of("a.exe", FileFixtures.portableExecutable(), "b.txt", "x".repeat(5000)
            .getBytes(StandardCharsets.US_ASCII)));
        ScanResult result = scan(withAttachments("broken.zip", "application/zip", FileFixtures.damaged(zip, 40, (byte) 0x5A)));
        assertThat(hitOf(result, "ARCHIVE_MALFORMED").evidence()).startsWith("attachment 'broken.zip' (part 2, application/zip): ");
        assertThat(result.facts().attachments()).hasSize(1);
    }

    @Test
    void archivesOfAMessageShareABudget() throws IOException {
        ArchiveLimits limits = ArchiveLimits.defaults().withMessageBounds(3, 32L * 1024 * 1024);
        MessageScanner bounded = new MessageScanner(ScanLimits.defaults(),
            List.of(new MessageFactsInspector(FileTypeDetector.standard(), limits, 1000)));
        byte[] twoFiles = FileFixtures.zip(java.util.Map.of("a.txt", new byte[] {'a'}, "b.txt", new byte[] {'b'}));
        ScanResult result = bounded.scanWithFacts(stream(withAttachments("one.zip", "application/zip", twoFiles,
            "two.zip", "application/zip", twoFiles, "three.zip", "application/zip", twoFiles)));
        assertThat(result.facts().attachments()).extracting(attachment -> attachment.members().size()).containsExactly(2, 1, 0);
        RuleHit hit = hitOf(result, "ARCHIVE_LIMIT_EXCEEDED");
        assertThat(hit.evidence()).contains("attachment 'two.zip' (part 3, application/zip): the message's archives have more"
            + " than 3 members in all").contains("attachment 'three.zip' (part 4, application/zip): not listed");
    }

    @Test
    void plainScanGathersNothing() throws IOException {
        String message = withAttachments("bomb.zip", "application/zip", FileFixtures.zerosZip(20));
        assertThat(scanner.scan(stream(message)).hits()).isEmpty();
        assertThat(scan(message).verdict().hits()).extracting(RuleHit::ruleId).containsExactly("ARCHIVE_LIMIT_EXCEEDED");
    }

    @Test
    void inlineImagesAreFilesTextPartsAreText() throws IOException {
        String message = simple("Content-Type: multipart/related; boundary=\"r\"\n", """
            --r
            Content-Type: multipart/alternative; boundary="a"

            --a
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Caf=E9 cr=E8me
            --a
            Content-Type: text/html; charset=utf-8

            <html><style>.x{}</style><body><p>Caf&eacute; <b>cr&egrave;me</b> &amp; more</p><script>alert(1)</script></body></html>
            --a--
            --r
            Content-Type: image/png
            Content-ID: <logo>
            Content-Transfer-Encoding: base64

            """ + base64(FileFixtures.png()) + """

            --r--
            """);
        ScanResult result = scan(message);
        assertThat(result.facts().text()).isEqualTo("Caf\u00e9 cr\u00e8me\nCaf&eacute; cr&egrave;me & more\n");
        assertThat(result.facts().attachments()).singleElement().satisfies(image -> {
            assertThat(image.fileName()).isEmpty();
            assertThat(image.section()).isEqualTo("2");
            assertThat(image.family()).isEqualTo(FileFamily.IMAGE);
            assertThat(image.extension()).isEmpty();
        });
    }

    @Test
    void undeclaredCharsetIsUtf8WhenValidElseLatin1() throws IOException {
        String utf8 = new String("na\u00efve \u2713".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(scan(simple("", utf8 + "\n")).facts().text()).isEqualTo("na\u00efve \u2713\n");
        assertThat(scan(simple("Content-Type: text/plain; charset=us-ascii\n", "na\u00efve\n")).facts().text())
            .isEqualTo("na\u00efve\n"); // 8-bit Latin-1 despite the label
        assertThat(scan(simple("Content-Type: text/plain; charset=\"no-such-charset\"\n", "plain\n")).facts().text())
            .isEqualTo("plain\n");
    }

    @Test
    void textIsBounded() throws IOException {
        MessageScanner small = new MessageScanner(ScanLimits.defaults(),
            List.of(new MessageFactsInspector(FileTypeDetector.standard(), ArchiveLimits.defaults(), 100)));
        ScanResult result = small.scanWithFacts(stream(simple("", "word ".repeat(10_000))));
        assertThat(result.facts().text()).hasSize(100);
        assertThat(result.facts().textTruncated()).isTrue();
        assertThat(scan(simple("", "short\n")).facts().textTruncated()).isFalse();
    }

    @Test
    void concurrentScansKeepTheirOwnFacts() {
        List<String> texts = IntStream.range(0, 40).mapToObj(i -> "message number " + i + "\n").toList();
        List<String> gathered = texts.parallelStream().map(text -> {
            try {
                return scan(simple("", text)).facts().text();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
        assertThat(gathered).isEqualTo(texts);
    }

    @Test
    void bareWalkerScannerRefusesFacts() {
        MessageScanner bare = new MessageScanner(new MessageWalker(ScanLimits.defaults(), List.of(new EicarInspector())));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bare.scanWithFacts(stream(simple("", "x\n"))))
            .isInstanceOf(IllegalStateException.class);
    }

    private static RuleHit hitOf(ScanResult result, String ruleId) {
        return result.verdict().hits().stream().filter(hit -> hit.ruleId().equals(ruleId)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + ruleId + " in " + result.verdict().hits()));
    }
}
