package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cleanport.core.scan.ArchiveMember;
import io.cleanport.core.scan.Attachment;
import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.scan.FileFixtures;
import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.scan.MessageScanner;
import io.cleanport.core.verdict.RuleHit;

/** Every rule type hitting and missing, and what a hit says. */
class ContentRuleEvaluatorTest {
    private static final String ID = "7K3M9QXZ2B";
    private static final MessageScanner SCANNER = MessageScanner.withDefaults();

    private final ContentRuleEvaluator evaluator = new ContentRuleEvaluator();

    private static ContentRule rule(String type, String value) {
        return ContentRule.parse(type, value, null, null).withId(ID);
    }

    private Optional<RuleHit> hit(String type, String value, MessageContext context) {
        List<RuleHit> hits = evaluator.evaluate(List.of(rule(type, value)), context);
        assertThat(hits).hasSizeLessThanOrEqualTo(1);
        return hits.stream().findFirst();
    }

    private boolean hits(String type, String value, MessageContext context) {
        return hit(type, value, context).isPresent();
    }

    /** The facts of a message with a text body and the given attachments ({@code name, bytes} pairs). */
    private static MessageFacts facts(String text, Object... attachments) throws IOException {
        StringBuilder message = new StringBuilder("From: a@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
            .append(text).append("\r\n");
        for (int i = 0; i < attachments.length; i += 2) {
            message.append("--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"")
                .append(attachments[i]).append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString((byte[]) attachments[i + 1])).append("\r\n");
        }
        message.append("--b--\r\n");
        return SCANNER.scanWithFacts(new ByteArrayInputStream(message.toString().getBytes(StandardCharsets.UTF_8))).facts();
    }

    private static MessageContext context(MessageFacts facts) {
        return MessageContext.builder().facts(facts).build();
    }

    @Test
    void sender() {
        MessageContext context = MessageContext.builder().envelopeSender("Bob@Example.ORG").fromAddresses(List.of("alice@other.example"))
            .build();
        assertThat(hit("sender", "bob@example.org", context)).hasValueSatisfying(hit -> {
            assertThat(hit.ruleId()).isEqualTo("CF_" + ID);
            assertThat(hit.score()).isEqualTo(1.0);
            assertThat(hit.description()).isEqualTo("content rule: sender bob@example.org");
            assertThat(hit.evidence()).isEqualTo("envelope sender Bob@Example.ORG");
        });
        assertThat(hit("sender", "ALICE@other.example", context)).hasValueSatisfying(hit ->
            assertThat(hit.evidence()).isEqualTo("From alice@other.example"));
        assertThat(hits("sender", "carol@example.org", context)).isFalse();
        assertThat(hits("sender", "bob@example.org", MessageContext.builder().build())).isFalse(); // null sender
    }

    @Test
    void senderDomainCoversSubdomains() {
        MessageContext context = MessageContext.builder().envelopeSender("bounce@mail.Example.org")
            .fromAddresses(List.of("news@b\u00fccher.example")).build();
        assertThat(hits("senderDomain", "example.org", context)).isTrue();
        assertThat(hits("senderDomain", "mail.example.org", context)).isTrue();
        assertThat(hits("senderDomain", "@example.org", context)).isTrue();
        assertThat(hits("senderDomain", "ample.org", context)).isFalse();
        assertThat(hits("senderDomain", "other.mail.example.org", context)).isFalse();
        assertThat(hits("senderDomain", "xn--bcher-kva.example", context)).isTrue(); // the IDN, in ASCII form
    }

    @Test
    void extensionRulesFollowTheDetectedType() throws IOException {
        MessageContext renamed = context(facts("hello", "invoice.pdf", FileFixtures.portableExecutable()));
        assertThat(hit("attachment", "exe", renamed)).hasValueSatisfying(hit ->
            assertThat(hit.evidence()).startsWith("attachment invoice.pdf (detected application/x-msdownload"));
        assertThat(hits("attachment", ".pdf", renamed)).isTrue(); // what the name says counts too
        assertThat(hits("attachment", "docx", renamed)).isFalse();

        MessageContext text = context(facts("hello", "notes.TXT", "just text".getBytes(StandardCharsets.US_ASCII)));
        assertThat(hits("attachment", "txt", text)).isTrue();
        assertThat(hits("attachment", "exe", text)).isFalse();
    }

    @Test
    void archiveMembersCountAtAnyDepth() throws IOException {
        byte[] inner = FileFixtures.zip("invoice.pdf", FileFixtures.portableExecutable());
        MessageContext context = context(facts("hello", "statement.zip", FileFixtures.zip("docs.zip", inner)));
        RuleHit hit = hit("attachment", ".exe", context).orElseThrow();
        assertThat(hit.evidence()).matches(
            "attachment invoice\\.pdf \\(detected application/x-msdownload[^)]*\\) inside docs\\.zip inside statement\\.zip");
        assertThat(hits("attachment", "executable", context)).isTrue();
        assertThat(hits("attachment", "application/x-msdownload", context)).isTrue();
        assertThat(hits("attachment", ".pdf", context)).isTrue(); // the member's name ("pdf" is the family)
        assertThat(hits("attachment", "image", context)).isFalse();
    }

    @Test
    void familyRules() throws IOException {
        MessageContext context = context(facts("hello", "report.docx", FileFixtures.wordDocument(true),
            "locked.zip", FileFixtures.encryptedZip("a.exe", FileFixtures.portableExecutable())));
        assertThat(hits("attachment", "macro-document", context)).isTrue();
        assertThat(hits("attachment", "office", context)).isTrue(); // a macro document is an office document
        assertThat(hits("attachment", "encrypted-archive", context)).isTrue();
        assertThat(hits("attachment", "archive", context)).isTrue(); // an encrypted archive is an archive
        assertThat(hits("attachment", "pdf", context)).isFalse();
        assertThat(hits("attachment", "executable", context)).isFalse(); // a.exe is encrypted: unknown content

        MessageContext plain = context(facts("hello", "report.docx", FileFixtures.wordDocument(false)));
        assertThat(hits("attachment", "office", plain)).isTrue();
        assertThat(hits("attachment", "macro-document", plain)).isFalse();
        assertThat(hits("attachment", "docm", plain)).isFalse();
        assertThat(hits("attachment", "doc", plain)).isTrue(); // a usual extension of office documents
    }

    @Test
    void mimePatternRules() throws IOException {
        MessageContext context = context(facts("hello", "logo.gif", FileFixtures.png(), "a.zip",
            FileFixtures.zip("x.txt", new byte[] {'x'})));
        assertThat(hits("attachment", "image/*", context)).isTrue();
        assertThat(hits("attachment", "image/png", context)).isTrue();
        assertThat(hits("attachment", "image/gif", context)).isFalse(); // the name says gif, the bytes png
        assertThat(hits("attachment", "application/x-zip-compressed", context)).isTrue(); // an alias of application/zip
        assertThat(hits("attachment", "video/*", context)).isFalse();

        Attachment unseen = new Attachment("2", Optional.of("a.pdf"), "application/pdf", Optional.empty(), FileFamily.OTHER,
            "pdf", 0, false, List.of(), Optional.empty());
        MessageContext declaredOnly = context(MessageFacts.of(List.of(unseen), "", false));
        assertThat(hits("attachment", "application/pdf", declaredOnly)).isTrue();
        assertThat(hits("attachment", "application/*", declaredOnly)).isTrue();
        assertThat(hits("attachment", "pdf", declaredOnly)).isFalse(); // no content, no family
    }

    @Test
    void contentPhrasesAndExpressions() {
        MessageContext context = MessageContext.builder().subject("Cheap   PILLS here")
            .facts(MessageFacts.of(List.of(), "Dear customer,\ncarefree moneybox\nwire the FUNDS today\n\u212Aitten", false))
            .build();
        assertThat(hit("content", "cheap pills", context)).hasValueSatisfying(hit ->
            assertThat(hit.evidence()).isEqualTo("subject contains 'Cheap   PILLS'"));
        assertThat(hit("content", "wire the funds", context)).hasValueSatisfying(hit ->
            assertThat(hit.evidence()).isEqualTo("text contains 'wire the FUNDS'"));
        assertThat(hits("content", "free money", context)).isFalse(); // whole words only
        assertThat(hits("content", "/funds\\s+to(day|morrow)/", context)).isTrue();
        assertThat(hits("content", "/bitcoin/", context)).isFalse();
        assertThat(hits("content", "kitten", context)).isTrue(); // the Kelvin sign is a K to RE2
        assertThat(hits("content", "customer", MessageContext.builder().build())).isFalse();
    }

    @Test
    void headerRules() {
        MessageContext context = MessageContext.builder().header("X-Mailer", "Outlook Express 6")
            .header("Received", "from a.example").header("received", "from evil.example by mx").build();
        assertThat(hit("header", "x-mailer: ^outlook", context)).hasValueSatisfying(hit ->
            assertThat(hit.evidence()).isEqualTo("header x-mailer contains 'Outlook'"));
        assertThat(hits("header", "Received: evil\\.example", context)).isTrue(); // any value
        assertThat(hits("header", "X-Mailer: thunderbird", context)).isFalse();
        assertThat(hits("header", "X-Spam: .*", context)).isFalse(); // no such header
    }

    @Test
    void sizeRules() {
        MessageContext context = MessageContext.builder().size(10_000).build();
        assertThat(hit("size", "9999", context)).hasValueSatisfying(hit ->
            assertThat(hit.evidence()).isEqualTo("message size 10000 bytes exceeds 9999"));
        assertThat(hits("size", "10000", context)).isFalse();
    }

    @Test
    void hitsInRuleOrderWithIdsAndDescriptions() {
        ContentRule unstored = ContentRule.parse("size", "1", null, "anything at all");
        ContentRule stored = ContentRule.parse("content", "hello", "quarantine", null).withId("0000000001");
        ContentRule missing = rule("content", "goodbye");
        MessageContext context = MessageContext.builder().size(5).subject("hello").build();
        List<RuleHit> hits = evaluator.evaluate(List.of(unstored, missing, stored), context);
        assertThat(hits).extracting(RuleHit::ruleId).containsExactly("CF_UNSTORED_1", "CF_0000000001");
        assertThat(hits.get(0).description()).isEqualTo("content rule: size 1 (anything at all)");
        assertThat(evaluator.evaluate(List.of(), context)).isEmpty();
    }

    @Test
    void evidenceIsBoundedAndPrintable() {
        String name = "in\u202Evoice" + "x".repeat(1000) + ".exe";
        ArchiveMember member = new ArchiveMember(name, "exe", Optional.of("application/x-msdownload"), FileFamily.EXECUTABLE,
            10, 1, false, List.of(), Optional.empty());
        Attachment zip = new Attachment("2", Optional.of("a\r\nb.zip"), "application/zip", Optional.of("application/zip"),
            FileFamily.ARCHIVE, "zip", 100, false, List.of(member), Optional.empty());
        RuleHit hit = hit("attachment", "exe", context(MessageFacts.of(List.of(zip), "", false))).orElseThrow();
        assertThat(hit.evidence()).contains("\\u202E").contains("inside a\\u000D\\u000Ab.zip");
        assertThat(hit.evidence().length()).isLessThanOrEqualTo(RuleHit.MAX_EVIDENCE_CHARS);
    }

    @Test
    void catastrophicBacktrackingPatternFinishes() throws IOException {
        String body = "a".repeat(10 * 1024 * 1024 - 1) + "b";
        ContentRule rule = rule("content", "/(a+)+$/");
        // straight on 10 MB of text: RE2/J does not backtrack, there is no match
        MessageContext direct = context(MessageFacts.of(List.of(), body, false));
        assertThat(evaluator.evaluate(List.of(rule), direct)).isEmpty();
        // through a scan, whose text stops at 1 MiB (all a's: a match)
        MessageFacts scanned = facts(body);
        assertThat(scanned.textTruncated()).isTrue();
        assertThat(evaluator.evaluate(List.of(rule), context(scanned))).hasSize(1);
    }

    @Test
    void everyTypeInOneList() throws IOException {
        MessageFacts facts = facts("win a prize", "prize.js", "WScript.Echo('x')".getBytes(StandardCharsets.US_ASCII));
        MessageContext context = MessageContext.builder().envelopeSender("a@spam.example").fromAddresses(List.of("b@spam.example"))
            .subject("Winner").header("X-Priority", "1").size(50_000).facts(facts).build();
        List<ContentRule> rules = List.of(rule("sender", "a@spam.example"), rule("senderDomain", "spam.example"),
            rule("attachment", "script"), rule("content", "a prize"), rule("header", "X-Priority: ^1$"), rule("size", "40000"),
            rule("content", "nothing like this"));
        assertThat(evaluator.evaluate(rules, context)).hasSize(6).extracting(RuleHit::evidence).containsExactly(
            "envelope sender a@spam.example", "envelope sender a@spam.example",
            "attachment prize.js (detected text/plain)", "text contains 'a prize'", "header X-Priority contains '1'",
            "message size 50000 bytes exceeds 40000");
    }

    @Test
    void mapsEveryFamily() throws IOException {
        // each family a rule can name has a detected counterpart
        for (AttachmentFamily family : AttachmentFamily.values()) {
            assertThat(FileFamily.valueOf(family.name())).isNotNull();
        }
        assertThat(facts("x", "a.zip", FileFixtures.zip(Map.of("a", new byte[] {1}))).attachments()).hasSize(1);
    }
}
