package io.cleanport.core.antivirus;

import static io.cleanport.core.antivirus.MimeFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cleanport.core.scan.ArchiveLimits;
import io.cleanport.core.scan.EicarInspector;
import io.cleanport.core.scan.FileFixtures;
import io.cleanport.core.scan.ScanLimits;
import io.cleanport.core.testing.InMemorySignatureStore;
import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * ProTAG end to end on raw messages: the benign set passes, each rule decides a virus with its evidence,
 * hostile input finishes with a finding, and every virus is learned so the next copy is caught by hash.
 */
class ProtagEngineTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private InMemorySignatureStore store;
    private SignatureIndex index;
    private ProtagEngine engine;

    @BeforeEach
    void setUp() {
        store = new InMemorySignatureStore();
        index = new SignatureIndex(store, clock, SignatureIndex.DEFAULT_SIMILARITY_THRESHOLD);
        engine = engine(ScanLimits.defaults(), Optional.empty());
    }

    private ProtagEngine engine(ScanLimits limits, Optional<ClamdScanner> clamd) {
        return new ProtagEngine(limits, ArchiveLimits.defaults(), ProtagRules.defaults(), index, clamd);
    }

    private ProtagResult scan(byte[] raw) throws Exception {
        return engine.scan(() -> new ByteArrayInputStream(raw));
    }

    private static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    // --- the benign set ------------------------------------------------------------------------------

    @Test
    void ordinaryMailPasses() throws Exception {
        Map<String, byte[]> texts = new LinkedHashMap<>();
        texts.put("minutes.txt", "Minutes of the meeting".getBytes(StandardCharsets.UTF_8));
        texts.put("budget.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        List<byte[]> benign = List.of(
            message("hello", "Hi Alice, see you at 10.").bytes(),
            message("invoice", "Attached.").attach("invoice.pdf", "application/pdf", FileFixtures.pdf()).bytes(),
            message("photo", "A photo").attach("photo.png", "image/png", FileFixtures.png()).bytes(),
            message("report", "The report").attach("report.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", FileFixtures.wordDocument(false)).bytes(),
            message("files", "The files").attach("files.zip", "application/zip", FileFixtures.zip(texts)).bytes(),
            message("invite", "Meeting").attach("invite.ics", "text/calendar",
                "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".getBytes(StandardCharsets.UTF_8)).bytes(),
            message("signed", "Signed text").attach("smime.p7s", "application/pkcs7-signature", payload(1500, 1)).bytes(),
            message("newsletter", "Our news").attach("news.html", "text/html",
                "<html><body><h1>News</h1><a href=\"https://example.test/\">read</a></body></html>".getBytes(StandardCharsets.UTF_8)).bytes(),
            message("mentions exe", "Never open invoice.pdf.exe or setup.exe files; password: none needed.").bytes(),
            message("forwarded", "See below").part("Content-Type: message/rfc822\n\n"
                + "From: bob@example.test\nSubject: inner\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=in\n\n"
                + "--in\nContent-Type: text/plain\n\nInner text\n--in\nContent-Type: application/pdf; name=a.pdf\n"
                + "Content-Disposition: attachment; filename=a.pdf\nContent-Transfer-Encoding: base64\n\n"
                + java.util.Base64.getMimeEncoder().encodeToString(FileFixtures.pdf()) + "\n--in--\n").bytes());
        for (byte[] raw : benign) {
            ProtagResult result = scan(raw);
            assertThat(result.verdict().category()).as(new String(raw, 0, 120, StandardCharsets.UTF_8)).isEqualTo(Category.CLEAN);
            assertThat(result.learned()).isEmpty();
        }
        assertThat(store.all()).isEmpty();
    }

    // --- the rules, through the engine -----------------------------------------------------------------

    @Test
    void aProgramNamedLikeADocumentIsAnExecutableVirus() throws Exception {
        Verdict verdict = scan(message("scan", "see").attach("scan.pdf", "application/pdf", FileFixtures.portableExecutable())
            .bytes()).verdict();
        assertThat(verdict.name()).hasValue("ProTAG.Executable");
        assertThat(verdict.ruleIds()).contains("EXECUTABLE_ATTACHMENT", "DISGUISED_FILE_TYPE");
    }

    @Test
    void aDoubleExtensionInsideAZipIsNamedWithItsEvidence() throws Exception {
        byte[] zip = FileFixtures.zip("invoice.pdf.exe", FileFixtures.portableExecutable());
        Verdict verdict = scan(message("statement", "see").attach("statement.zip", "application/zip", zip).bytes()).verdict();
        assertThat(verdict.name()).hasValue("ProTAG.ArchivedExecutable");
        assertThat(verdict.hit("DOUBLE_EXTENSION").orElseThrow().evidence())
            .isEqualTo("'invoice.pdf.exe' inside 'statement.zip' (part 2) shows .pdf but is .exe");
    }

    @Test
    void aMacroDocumentIsAVirus() throws Exception {
        Verdict verdict = scan(message("order", "see").attach("order.docm", "application/octet-stream",
            FileFixtures.wordDocument(true)).bytes()).verdict();
        assertThat(verdict.name()).hasValue("ProTAG.Macro");
    }

    @Test
    void anEncryptedArchiveIsAVirusOnlyWhenTheTextGivesItsPassword() throws Exception {
        byte[] zip = FileFixtures.encryptedZip("doc.txt", payload(3000, 2));
        Verdict alone = scan(message("confidential", "As agreed.").attach("salaries.zip", "application/zip", zip).bytes()).verdict();
        assertThat(alone.category()).isEqualTo(Category.CLEAN);
        assertThat(alone.ruleIds()).contains("ENCRYPTED_ARCHIVE");

        Verdict withPassword = scan(message("invoice", "Your invoice. Password: 4711abc").attach("invoice.zip", "application/zip", zip)
            .bytes()).verdict();
        assertThat(withPassword.name()).hasValue("ProTAG.EncryptedArchive");
        assertThat(withPassword.hit("ENCRYPTED_ARCHIVE_PASSWORD").orElseThrow().evidence())
            .contains("Password 4******").doesNotContain("4711abc");
    }

    @Test
    void htmlSmugglingIsAVirus() throws Exception {
        String html = "<html><body><script>var b=atob('TVqQAAMAAAAEAAAA');var a=new Uint8Array(b.length);"
            + "var blob=new Blob([a],{type:'application/octet-stream'});var l=document.createElement('a');"
            + "l.href=URL.createObjectURL(blob);l.download='invoice.iso';l.click();</script></body></html>";
        Verdict verdict = scan(message("document", "Open the attachment").attach("document.html", "text/html",
            html.getBytes(StandardCharsets.UTF_8)).bytes()).verdict();
        assertThat(verdict.name()).hasValue("ProTAG.HtmlSmuggling");
        assertThat(verdict.hit("HTML_SMUGGLING").orElseThrow().evidence()).contains("document.html");
    }

    @Test
    void aRightToLeftOverrideInANameIsAVirus() throws Exception {
        Verdict verdict = scan(message("cv", "my cv").attach("cv\u202Etxt.pdf", "application/pdf", FileFixtures.pdf()).bytes())
            .verdict();
        assertThat(verdict.name()).hasValue("ProTAG.BidiName");
    }

    @Test
    void eicarIsFoundInsideNestedArchives() throws Exception {
        byte[] inner = FileFixtures.zip("eicar.com", EicarInspector.testString());
        byte[] outer = FileFixtures.zip("eicar_com.zip", inner);
        Verdict verdict = scan(message("test", "test").attach("eicarcom2.zip", "application/zip", outer).bytes()).verdict();
        assertThat(verdict.name()).hasValue(EicarInspector.VIRUS_NAME);
        assertThat(verdict.hit("EICAR_TEST_FILE").orElseThrow().evidence())
            .isEqualTo("'eicar.com' inside 'eicar_com.zip' inside 'eicarcom2.zip' (part 2)");
        assertThat(store.all()).as("the test file is not learned").isEmpty();
    }

    // --- hostile input ------------------------------------------------------------------------------------

    @Test
    void aZipBombIsAnArchiveBomb() throws Exception {
        Verdict verdict = scan(message("bomb", "x").attach("big.zip", "application/zip", FileFixtures.zerosZip(200)).bytes()).verdict();
        assertThat(verdict.name()).hasValue("ProTAG.ArchiveBomb");
        assertThat(verdict.hit("ARCHIVE_BOMB").orElseThrow().evidence()).contains("big.zip");
    }

    @Test
    void archivesNestedTooDeepAreAnArchiveBomb() throws Exception {
        Verdict verdict = scan(message("nested", "x").attach("n.zip", "application/zip", FileFixtures.nestedZip(12)).bytes())
            .verdict();
        assertThat(verdict.name()).hasValue("ProTAG.ArchiveBomb");
    }

    @Test
    void tenThousandPartsAreAMimeBomb() throws Exception {
        MimeFixtures.Builder builder = message("parts", "x");
        for (int i = 0; i < 10_000; i++) {
            builder.part("Content-Type: text/plain\n\np" + i + "\n");
        }
        Verdict verdict = scan(builder.bytes()).verdict();
        assertThat(verdict.name()).hasValue("ProTAG.MimeBomb");
        assertThat(verdict.hit("MIME_BOMB").orElseThrow().evidence()).contains("more than 1000 MIME parts");
    }

    @Test
    void truncatedBase64AndBrokenArchivesFinishWithAFinding() throws Exception {
        byte[] zip = FileFixtures.zip("notes.txt", payload(20_000, 3));
        byte[] broken = FileFixtures.damaged(zip, 40, (byte) 0x55);
        String truncated = "Content-Type: application/octet-stream; name=x.bin\nContent-Disposition: attachment\n"
            + "Content-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA//8AALgAAAAA=AAAQ\n";
        Verdict verdict = scan(message("broken", "x").attach("notes.zip", "application/zip", broken).part(truncated).bytes())
            .verdict();
        assertThat(verdict.ruleIds()).contains("ARCHIVE_MALFORMED");
    }

    @Test
    void aScanThatRunsOutOfTimeIsHeldNotPassed() {
        ProtagEngine hurried = engine(ScanLimits.defaults().withMaxScanTime(Duration.ofNanos(1)), Optional.empty());
        byte[] raw = message("slow", "x").attach("a.pdf", "application/pdf", FileFixtures.pdf()).bytes();
        assertThatThrownBy(() -> hurried.scan(() -> new ByteArrayInputStream(raw)))
            .isInstanceOf(ScanIncompleteException.class).hasMessageContaining("scanning took longer than");
    }

    @Test
    void aFailingClamdHoldsTheMail() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Properties properties = new Properties();
        properties.setProperty("antivirus.clamd.address", "127.0.0.1:" + closedPort);
        ClamdScanner clamd = new ClamdScanner(ClamdSettings.fromProperties(properties).orElseThrow());
        ProtagEngine layered = engine(ScanLimits.defaults(), Optional.of(clamd));
        byte[] raw = message("hello", "Hi").bytes();
        assertThatThrownBy(() -> layered.scan(() -> new ByteArrayInputStream(raw)))
            .isInstanceOf(ScanIncompleteException.class).hasMessageStartingWith("clamd failed: ");
    }

    // --- learning ------------------------------------------------------------------------------------------

    @Test
    void aPayloadCaughtByARuleIsCaughtByHashInAWrappingNoRuleFlags() throws Exception {
        byte[] payload = payload(8000, 4);
        byte[] zip = FileFixtures.zip("invoice.pdf.exe", payload);
        ProtagResult first = scan(message("invoice", "x").attach("statement.zip", "application/zip", zip).bytes());
        assertThat(first.verdict().name()).hasValue("ProTAG.ArchivedExecutable");
        assertThat(first.learned()).hasSize(2); // the payload and the zip that carried it
        assertThat(first.learned()).allSatisfy(signature -> assertThat(signature.source()).isEqualTo(SignatureSource.RULE));

        Verdict again = scan(message("notes", "x").attach("notes.dat", "application/octet-stream", payload).bytes()).verdict();
        assertThat(again.name()).hasValue("ProTAG.ArchivedExecutable");
        assertThat(again.hit("LEARNED_SIGNATURE").orElseThrow().evidence())
            .startsWith("attachment 'notes.dat' (part 2) has the SHA-256 of ProTAG.ArchivedExecutable");
    }

    @Test
    void aRepackedCopyWithSmallChangesIsCaughtBySimilarity() throws Exception {
        byte[] payload = payload(40_000, 5);
        scan(message("invoice", "x").attach("invoice.pdf.exe", "application/octet-stream", payload).bytes());
        byte[] changed = payload.clone();
        for (int i = 0; i < 20; i++) {
            changed[1000 + i * 1500] ^= 0x5a;
        }
        Verdict verdict = scan(message("notes", "x").attach("data.bin", "application/octet-stream",
            FileFixtures.zip("data.bin", changed)).bytes()).verdict();
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.hit("LEARNED_SIGNATURE").orElseThrow().evidence()).contains("% similar to ProTAG.");

        Verdict unrelated = scan(message("notes", "x").attach("data.bin", "application/octet-stream", payload(40_000, 6)).bytes())
            .verdict();
        assertThat(unrelated.category()).isEqualTo(Category.CLEAN);
    }

    @Test
    void anAdministratorsReportIsLearnedAndCaughtNextTime() throws Exception {
        byte[] lure = payload(5000, 7);
        lure[0] = '%';
        byte[] raw = message("your parcel", "x").attach("label.pdf", "application/pdf", lure)
            .attach("logo.png", "image/png", FileFixtures.png()).bytes();
        assertThat(scan(raw).verdict().category()).isEqualTo(Category.CLEAN);

        ProtagResult reported = engine.report(() -> new ByteArrayInputStream(raw), Optional.of("ProTAG.ParcelLure"));
        assertThat(reported.learned()).singleElement().satisfies(signature -> {
            assertThat(signature.virusName()).isEqualTo("ProTAG.ParcelLure");
            assertThat(signature.source()).isEqualTo(SignatureSource.ADMIN);
            assertThat(signature.evidence()).isEqualTo("attachment 'label.pdf' (part 2)");
        });

        Verdict next = scan(message("parcel", "x").attach("label.zip", "application/zip", FileFixtures.zip("label.pdf", lure))
            .bytes()).verdict();
        assertThat(next.name()).hasValue("ProTAG.ParcelLure");
        assertThat(scan(message("logo", "x").attach("logo.png", "image/png", FileFixtures.png()).bytes()).verdict().isClean())
            .as("the image of a reported mail is not learned").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name\u0001", "ProTAG.NameFarTooLongForAVirusNameBecauseVirusNamesAreAtMostOneHundredAndTwentyEightCharactersLongAndThisOneKeepsGoingOnAndOnAndOn"})
    void aReportWithAnInvalidNameIsRefusedBeforeLearning(String name) {
        byte[] raw = message("x", "x").attach("a.bin", "application/octet-stream", payload(600, 8)).bytes();
        assertThatThrownBy(() -> engine.report(() -> new ByteArrayInputStream(raw), Optional.of(name)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void aMessageThatCannotBeReadIsAnError() {
        assertThatThrownBy(() -> engine.scan(() -> {
            throw new IOException("spool gone");
        })).isInstanceOf(IOException.class);
    }
}
