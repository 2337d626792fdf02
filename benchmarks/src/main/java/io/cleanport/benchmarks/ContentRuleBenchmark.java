package io.cleanport.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.cleanport.core.content.ContentRule;
import io.cleanport.core.content.ContentRuleEvaluator;
import io.cleanport.core.content.MessageContext;
import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.scan.MessageScanner;
import io.cleanport.core.scan.ScanResult;
import io.cleanport.core.verdict.RuleHit;

/**
 * The cost of evaluating a domain's content rules on one message: {@link ContentRuleEvaluator#evaluate}
 * alone, the message's facts (files, archive members, text) having been gathered once in setup by
 * {@link MessageScanner#scanWithFacts}, as the scan step does before the content step.
 *
 * <p>The message is a typical one of about 20 KB: a plain and an HTML version of some 1,600 words of
 * business prose, and one attachment, a zip holding a PDF. {@code rules} is the size of the rule list:
 * 1,000 (a domain at its default limit) is the case measured, 10 the baseline in the same run. Both have
 * the same mix of types: 40 % content phrases, 10 % content regular expressions, 20 % senders and sender
 * domains (half each), 20 % attachment rules (extensions, families, MIME types), 5 % header and 5 % size
 * rules. A few rules hit (as in real lists); most do not, so most are evaluated in full.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ContentRuleBenchmark {
    /** Words of the message's prose. */
    static final List<String> PROSE = List.of(
        "the", "invoice", "for", "your", "order", "is", "attached", "please", "find", "payment", "details", "below",
        "we", "will", "ship", "the", "goods", "after", "receipt", "of", "funds", "meeting", "next", "week", "about",
        "quarterly", "report", "and", "budget", "review", "with", "team", "customer", "account", "number", "reference",
        "delivery", "schedule", "contract", "renewal", "terms", "conditions", "regards", "thank", "you", "best",
        "project", "update", "status", "shipment", "tracking", "warehouse", "pricing", "discount", "offer", "supplier");
    /** Words of the rules' phrases: half in the prose, half spam vocabulary that is not. */
    static final List<String> PHRASE_WORDS = List.of(
        "invoice", "payment", "order", "account", "delivery", "offer", "discount", "customer", "funds", "contract",
        "shipment", "tracking", "pricing", "report", "budget", "schedule", "renewal", "review", "supplier", "update",
        "viagra", "casino", "lottery", "winner", "bitcoin", "crypto", "inheritance", "prince", "unclaimed", "pharmacy",
        "replica", "watches", "weight", "loss", "dating", "singles", "mortgage", "refinance", "guaranteed", "miracle");
    static final List<String> EXTENSIONS = List.of("exe", "scr", "pif", "com", "bat", "cmd", "js", "jse", "vbs", "vbe",
        "wsf", "hta", "ps1", "jar", "msi", "lnk", "iso", "img", "vhd", "docm", "xlsm", "pptm", "rar", "7z", "ace",
        "arj", "cab", "cpl", "reg", "chm");
    static final List<String> FAMILIES = List.of("executable", "archive", "macro-document", "office", "pdf", "image",
        "script", "encrypted-archive");
    static final List<String> MIME_TYPES = List.of("application/x-msdownload", "application/x-dosexec",
        "application/java-archive", "application/x-rar-compressed", "application/x-7z-compressed", "application/vnd.ms-cab-compressed",
        "application/x-iso9660-image", "application/x-ms-installer", "application/javascript", "application/hta",
        "text/x-vbscript", "application/x-sh", "video/*", "audio/*", "application/x-shockwave-flash", "application/rtf");

    @Param({"10", "1000"})
    public int rules;

    private List<ContentRule> ruleList;
    private MessageContext context;
    private ContentRuleEvaluator evaluator;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] message = message(random);
        ScanResult scan = MessageScanner.withDefaults().scanWithFacts(new ByteArrayInputStream(message));
        MessageFacts facts = scan.facts();
        if (facts.attachments().size() != 1 || facts.attachments().get(0).members().size() != 1) {
            throw new IllegalStateException("the benchmark message is not what it should be: " + facts);
        }
        MessageContext.Builder builder = MessageContext.builder()
            .envelopeSender("billing@supplier.example.com")
            .fromAddresses(List.of("billing@supplier.example.com"))
            .subject("Invoice 48213 for your order of last week")
            .size(message.length)
            .facts(facts);
        for (String[] header : HEADERS) {
            builder.header(header[0], header[1]);
        }
        context = builder.build();
        ruleList = rules(rules, random);
        evaluator = new ContentRuleEvaluator();
        List<RuleHit> hits = evaluator.evaluate(ruleList, context);
        System.out.printf("%n%d rules, %d hits; message %d bytes, %d characters of text%n", ruleList.size(), hits.size(),
            message.length, facts.text().length());
    }

    @Benchmark
    public List<RuleHit> evaluate() {
        return evaluator.evaluate(ruleList, context);
    }

    static final String[][] HEADERS = {
        {"Return-Path", "<billing@supplier.example.com>"},
        {"Received", "from mail.supplier.example.com (mail.supplier.example.com [192.0.2.10]) by mx.customer.test"},
        {"Received", "from app01.internal by mail.supplier.example.com"},
        {"From", "Billing <billing@supplier.example.com>"},
        {"To", "accounts@customer.test"},
        {"Subject", "Invoice 48213 for your order of last week"},
        {"Date", "Tue, 1 Dec 2026 09:14:07 +0100"},
        {"Message-ID", "<48213.1764576847@supplier.example.com>"},
        {"MIME-Version", "1.0"},
        {"Content-Type", "multipart/mixed; boundary=\"mixed\""},
        {"X-Mailer", "Microsoft Outlook 16.0"},
        {"DKIM-Signature", "v=1; a=rsa-sha256; d=supplier.example.com; s=mail; h=from:to:subject:date; bh=abc=; b=def="},
        {"Authentication-Results", "mx.customer.test; spf=pass smtp.mailfrom=supplier.example.com"},
        {"List-Unsubscribe", "<mailto:unsubscribe@supplier.example.com>"},
        {"X-Priority", "3"}};

    /**
     * The rule list: {@code count} rules in the fixed mix, shuffled. A few hit: one phrase, one sender
     * domain, the PDF family, the size rules below the message's size.
     */
    static List<ContentRule> rules(int count, SplittableRandom random) {
        List<ContentRule> list = new ArrayList<>(count);
        int phrases = count * 40 / 100;
        int expressions = count * 10 / 100;
        int senders = count * 20 / 100;
        int attachments = count * 20 / 100;
        int headers = count * 5 / 100;
        int sizes = count - phrases - expressions - senders - attachments - headers;
        for (int i = 0; i < phrases; i++) {
            int words = 2 + random.nextInt(2);
            StringBuilder phrase = new StringBuilder();
            for (int w = 0; w < words; w++) {
                phrase.append(w == 0 ? "" : " ").append(PHRASE_WORDS.get(random.nextInt(PHRASE_WORDS.size())));
            }
            list.add(rule("content", i == 0 ? "invoice for your order" : phrase.toString()));
        }
        for (int i = 0; i < expressions; i++) {
            String word = PHRASE_WORDS.get(random.nextInt(PHRASE_WORDS.size()));
            list.add(rule("content", switch (i % 5) {
                case 0 -> "/" + word + "\\s+\\d{3,}/";
                case 1 -> "/\\b" + word + "[a-z]*\\s+(now|today|free)\\b/";
                case 2 -> "/https?://[a-z0-9.-]*" + word + "[a-z0-9.-]*\\.(ru|cn|top|xyz)/";
                case 3 -> "/[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}[ -]?[0-9]{4}" + i + "/";
                default -> "/(?i)" + word + ".{0,20}" + PHRASE_WORDS.get(random.nextInt(PHRASE_WORDS.size())) + "!!/";
            }));
        }
        for (int i = 0; i < senders; i++) {
            list.add(i % 2 == 0
                ? rule("sender", "user" + i + "@sender" + i + ".example")
                : rule("senderDomain", i == 1 ? "example.com" : "domain" + i + ".example"));
        }
        for (int i = 0; i < attachments; i++) {
            list.add(rule("attachment", switch (i % 5) {
                case 0, 1 -> EXTENSIONS.get(i % EXTENSIONS.size());
                case 2 -> FAMILIES.get(i % FAMILIES.size());
                default -> MIME_TYPES.get(i % MIME_TYPES.size());
            }));
        }
        for (int i = 0; i < headers; i++) {
            list.add(rule("header", (i % 2 == 0 ? "X-Mailer" : "Received") + ": ^bulk" + i + "\\b"));
        }
        for (int i = 0; i < sizes; i++) {
            list.add(rule("size", Long.toString(10_000L + 1_000_000L * i)));
        }
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ContentRule swapped = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swapped);
        }
        return List.copyOf(list);
    }

    private static ContentRule rule(String type, String value) {
        return ContentRule.parse(type, value, null, null).withId(ContentRule.newId());
    }

    /** A multipart/mixed message: plain and HTML prose, and a zip holding a PDF. About 20 KB. */
    static byte[] message(SplittableRandom random) {
        StringBuilder prose = new StringBuilder();
        for (int i = 0; prose.length() < 6_000; i++) {
            prose.append(PROSE.get(random.nextInt(PROSE.size()))).append(i % 12 == 11 ? ".\n" : " ");
        }
        String plain = prose.toString();
        String html = "<html><head><style>p { font-family: Arial }</style></head><body><p>"
            + plain.replace("\n", "</p>\n<p>") + "</p><p><a href=\"https://supplier.example.com/invoices\">Your invoices</a>"
            + "</p></body></html>";
        String attachment = Base64.getMimeEncoder().encodeToString(zipWithPdf(random));
        String text = "From: Billing <billing@supplier.example.com>\r\n"
            + "To: accounts@customer.test\r\n"
            + "Subject: Invoice 48213 for your order of last week\r\n"
            + "Date: Tue, 1 Dec 2026 09:14:07 +0100\r\n"
            + "Message-ID: <48213.1764576847@supplier.example.com>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n"
            + "--mixed\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
            + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + plain.replace("\n", "\r\n") + "\r\n"
            + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.replace("\n", "\r\n") + "\r\n"
            + "--alt--\r\n"
            + "--mixed\r\nContent-Type: application/zip; name=\"invoice-48213.zip\"\r\n"
            + "Content-Disposition: attachment; filename=\"invoice-48213.zip\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n"
            + "--mixed--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A zip of a small PDF with a few KB of incompressible content, as a scanned invoice has. */
    private static byte[] zipWithPdf(SplittableRandom random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("invoice-48213.pdf"));
            zip.write("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length 4000 >>\nstream\n"
                .getBytes(StandardCharsets.US_ASCII));
            byte[] noise = new byte[4000];
            random.nextBytes(noise);
            zip.write(noise);
            zip.write("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
