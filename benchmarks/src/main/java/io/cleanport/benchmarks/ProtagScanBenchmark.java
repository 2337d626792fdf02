package io.cleanport.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.cleanport.core.antivirus.AntivirusSettings;
import io.cleanport.core.antivirus.JdbcSignatureStore;
import io.cleanport.core.antivirus.NewSignature;
import io.cleanport.core.antivirus.ProtagEngine;
import io.cleanport.core.antivirus.ProtagResult;
import io.cleanport.core.antivirus.SignatureIndex;
import io.cleanport.core.antivirus.SignatureSource;
import io.cleanport.core.db.Database;
import io.cleanport.core.db.DatabaseConfig;
import io.cleanport.core.scan.ContentSink;
import io.cleanport.core.scan.Findings;
import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.scan.MessagePart;
import io.cleanport.core.scan.MessageWalker;
import io.cleanport.core.scan.PartInspector;

/**
 * ProTAG's cost per message, against a baseline measured in the same run: the same walk decoding every
 * part and doing nothing with it (what any MIME-aware scanner pays before it looks at anything).
 *
 * <ul>
 *   <li>{@code ordinaryProtag} / {@code ordinaryBaseline} (sample time, so JMH prints the median and p99):
 *       one message after another of an ordinary mail set: the training corpus's ham and spam when
 *       {@code -Dcleanport.bench.corpus=DIR} names a folder of {@code .eml} files (searched recursively; see
 *       {@code ../shared/corpus/prepare-train.sh}), else a generated set (text, HTML, a PDF, a docx, a zip of
 *       documents). The engine holds 1,000 learned signatures with similarity digests, so every file is
 *       looked up as in production.</li>
 *   <li>{@code largeProtag} / {@code largeBaseline} (average time): one message with a 20 MB attachment
 *       (base64, incompressible bytes); MB/s = 20.97 / seconds per operation.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ProtagScanBenchmark {
    static final int LARGE_BYTES = 20 * 1024 * 1024;
    private static final int SIGNATURES = 1000;

    private Database database;
    private ProtagEngine engine;
    private MessageWalker decodeOnly;
    private List<byte[]> ordinary;
    private byte[] large;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        database = Database.open(DatabaseConfig.of("jdbc:derby:memory:protag-bench;create=true", "", ""));
        SignatureIndex index = new SignatureIndex(new JdbcSignatureStore(database), Clock.systemUTC());
        for (int i = 0; i < SIGNATURES; i++) {
            byte[] virus = new byte[4096 + random.nextInt(60_000)];
            random.nextBytes(virus);
            index.learn(NewSignature.of(Fingerprint.of(virus), "ProTAG.Bench" + i, SignatureSource.RULE, "benchmark"));
        }
        AntivirusSettings settings = AntivirusSettings.defaults();
        engine = new ProtagEngine(settings.scanLimits(), settings.archiveLimits(), settings.rules(), index, Optional.empty());
        decodeOnly = new MessageWalker(settings.scanLimits(), List.of(new DecodeEverything()));
        ordinary = corpus().orElseGet(() -> generated(random));
        byte[] attachment = new byte[LARGE_BYTES];
        random.nextBytes(attachment);
        large = message("Quarterly data", "The data set is attached.", "data.bin", "application/octet-stream", attachment);
        int viruses = 0;
        for (byte[] message : ordinary) {
            viruses += scan(message).verdict().isClean() ? 0 : 1;
        }
        System.out.printf("%n%d ordinary messages (%s), %d judged viruses; %d learned signatures; large message %d bytes%n",
            ordinary.size(), System.getProperty("cleanport.bench.corpus", "generated"), viruses, index.size(), large.length);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        database.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ProtagResult ordinaryProtag() throws Exception {
        return scan(nextMessage());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Findings ordinaryBaseline() throws IOException {
        return decode(nextMessage());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ProtagResult largeProtag() throws Exception {
        return scan(large);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Findings largeBaseline() throws IOException {
        return decode(large);
    }

    private byte[] nextMessage() {
        byte[] message = ordinary.get(next);
        next = (next + 1) % ordinary.size();
        return message;
    }

    private ProtagResult scan(byte[] message) throws Exception {
        return engine.scan(() -> new ByteArrayInputStream(message));
    }

    private Findings decode(byte[] message) throws IOException {
        Findings findings = new Findings();
        decodeOnly.walk(new ByteArrayInputStream(message), findings);
        return findings;
    }

    /** The baseline's only inspector: takes every part's decoded content and does nothing with it. */
    private static final class DecodeEverything implements PartInspector {
        @Override
        public ContentSink inspect(MessagePart part, Findings findings) {
            return new ContentSink() {
                @Override
                public boolean accept(byte[] chunk, int offset, int length) {
                    return true;
                }

                @Override
                public void end(boolean complete) {
                }
            };
        }
    }

    private static Optional<List<byte[]>> corpus() throws IOException {
        String folder = System.getProperty("cleanport.bench.corpus");
        if (folder == null || folder.isBlank()) {
            return Optional.empty();
        }
        List<byte[]> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(folder))) {
            for (Path file : files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".eml")).sorted().toList()) {
                messages.add(Files.readAllBytes(file));
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalStateException("cleanport.bench.corpus: no .eml file under " + folder);
        }
        return Optional.of(messages);
    }

    /** Ordinary business mail: text, HTML, and the attachments offices exchange. */
    private static List<byte[]> generated(SplittableRandom random) {
        List<byte[]> messages = new ArrayList<>();
        String prose = "Please find the quarterly report attached. We will review the budget with the team next week.\r\n";
        byte[] pdf = ("%PDF-1.4\n1 0 obj <<>> endobj\n" + "stream\n" + "x".repeat(40_000) + "\nendstream\ntrailer <<>>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
        byte[] docx = zip(List.of("[Content_Types].xml", "word/document.xml"),
            List.of("<?xml version=\"1.0\"?><Types/>".getBytes(StandardCharsets.UTF_8), prose.repeat(200).getBytes(StandardCharsets.UTF_8)));
        byte[] documents = zip(List.of("report.pdf", "notes.txt"), List.of(pdf, prose.repeat(100).getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 50; i++) {
            messages.add(message("Meeting " + i, prose.repeat(1 + random.nextInt(20)), null, null, null));
            messages.add(message("Report " + i, prose, "report" + i + ".pdf", "application/pdf", pdf));
            messages.add(message("Draft " + i, prose, "draft.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx));
            messages.add(message("Documents " + i, prose, "documents.zip", "application/zip", documents));
        }
        return messages;
    }

    private static byte[] message(String subject, String text, String name, String type, byte[] attachment) {
        StringBuilder raw = new StringBuilder("From: Supplier <billing@supplier.example.com>\r\nTo: accounts@customer.test\r\n")
            .append("Subject: ").append(subject).append("\r\nDate: Tue, 1 Dec 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\n");
        if (name == null) {
            raw.append("Content-Type: multipart/alternative; boundary=alt\r\n\r\n--alt\r\nContent-Type: text/plain\r\n\r\n")
                .append(text).append("\r\n--alt\r\nContent-Type: text/html\r\n\r\n<html><body><p>").append(text)
                .append("</p></body></html>\r\n--alt--\r\n");
        } else {
            raw.append("Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n").append(text)
                .append("\r\n--b1\r\nContent-Type: ").append(type).append("; name=\"").append(name)
                .append("\"\r\nContent-Disposition: attachment; filename=\"").append(name)
                .append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(attachment)).append("\r\n--b1--\r\n");
        }
        return raw.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] zip(List<String> names, List<byte[]> contents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i)));
                zip.write(contents.get(i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
