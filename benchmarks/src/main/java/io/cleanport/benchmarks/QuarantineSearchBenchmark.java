package io.cleanport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.QuarantineIndex;
import io.cleanport.core.quarantine.QuarantinePage;
import io.cleanport.core.quarantine.QuarantineQuery;
import io.cleanport.core.quarantine.QuarantineReason;
import io.cleanport.core.quarantine.QuarantineSort;
import io.cleanport.core.quarantine.RepositoryLocation;

/**
 * The latency of one quarantine search, as {@code GET /cleanport/quarantine} runs it: the Lucene query,
 * the exact total, the sort, and reading back the page's 50 entries.
 *
 * <ul>
 *   <li>{@code byRecipient}: one mailbox's quarantine, newest first (what a user's quarantine page shows);
 *       about 50 entries per recipient whatever the size of the index.</li>
 *   <li>{@code freeText}: one word searched in subject and sender, newest first; a word is in about 5% of
 *       the subjects.</li>
 *   <li>{@code categorySince}: the spam of the last day, newest first (an administrator's view).</li>
 * </ul>
 *
 * {@code entries} is the size of the index: 100,000 is the case measured, 1,000 the baseline in the same
 * run. The entries are synthetic but shaped like a gateway's quarantine: 80% spam (with a score), 15%
 * content, 5% virus, received over 30 days, 3% from the null sender.
 *
 * <p>Mode {@code SampleTime}, so JMH prints percentiles (p0.50, p0.99) besides the mean. Each index is
 * built once with {@link QuarantineIndex#rebuild} and kept in {@code cleanport.bench.dir} (default
 * {@code benchmarks/target/quarantine-bench}) for later runs. Searches never write, so the index does not
 * change between iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class QuarantineSearchBenchmark {
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(30);
    static final int ENTRIES_PER_RECIPIENT = 50;
    static final int RECIPIENTS_PER_DOMAIN = 40;
    static final int SENDERS = 20_000;
    static final int PAGE = 50;
    /** Words of the synthetic subjects; a subject has 3 to 7 of them, so each is in about 5% of subjects. */
    static final List<String> WORDS = List.of(
        "invoice", "payment", "account", "urgent", "offer", "discount", "watches", "pharmacy", "winner", "prize",
        "delivery", "parcel", "tracking", "password", "security", "update", "verify", "bank", "loan", "credit",
        "meeting", "report", "order", "shipment", "refund", "bonus", "casino", "crypto", "investment", "profit",
        "newsletter", "webinar", "free", "trial", "limited", "exclusive", "deal", "sale", "cheap", "luxury",
        "rechnung", "zahlung", "angebot", "lieferung", "konto", "facture", "paiement", "offre", "livraison", "compte",
        "reminder", "overdue", "contract", "document", "signature", "scan", "fax", "voicemail", "photo", "resume");

    @Param({"1000", "100000"})
    public int entries;

    private QuarantineIndex index;
    private SplittableRandom random;
    private int recipients;

    @Setup(Level.Trial)
    public void open() {
        Path folder = benchDir().resolve("entries-" + entries);
        index = QuarantineIndex.open(folder);
        recipients = recipientCount(entries);
        if (index.needsRebuild() || index.count() != entries) {
            System.out.println("(re)building " + folder + " with " + entries + " entries...");
            long started = System.nanoTime();
            index.rebuild(generate(entries));
            System.out.printf("built in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
        random = new SplittableRandom(42);
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
    }

    private static Path benchDir() {
        String configured = System.getProperty("cleanport.bench.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path base = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "target") : Path.of("target");
        return base.resolve("quarantine-bench").toAbsolutePath();
    }

    @Benchmark
    public QuarantinePage byRecipient() {
        return expectHits(index.search(QuarantineQuery.builder()
            .recipient(recipient(random.nextInt(recipients)))
            .sort(QuarantineSort.RECEIVED).order(QuarantineSort.Order.DESC)
            .limit(PAGE).build()));
    }

    @Benchmark
    public QuarantinePage freeText() {
        return expectHits(index.search(QuarantineQuery.builder()
            .text(WORDS.get(random.nextInt(WORDS.size())))
            .limit(PAGE).build()));
    }

    @Benchmark
    public QuarantinePage categorySince() {
        return expectHits(index.search(QuarantineQuery.builder()
            .category(QuarantineCategory.SPAM)
            .since(NOW.minus(Duration.ofDays(1)))
            .limit(PAGE).build()));
    }

    private static QuarantinePage expectHits(QuarantinePage page) {
        if (page.items().isEmpty()) {
            throw new IllegalStateException("no hit: the benchmark index is not what it should be");
        }
        return page;
    }

    static int recipientCount(int entries) {
        return Math.max(1, entries / ENTRIES_PER_RECIPIENT);
    }

    static String recipient(int index) {
        return "user" + index + "@customer" + (index / RECIPIENTS_PER_DOMAIN) + ".test";
    }

    /** The same entries for a given count, run after run. */
    static Stream<QuarantineEntry> generate(int count) {
        SplittableRandom random = new SplittableRandom(7);
        int recipients = recipientCount(count);
        return IntStream.range(0, count).mapToObj(i -> {
            Instant received = NOW.minusMillis(random.nextLong(SPAN.toMillis()));
            int kind = random.nextInt(100);
            QuarantineCategory category = kind < 80 ? QuarantineCategory.SPAM
                : kind < 95 ? QuarantineCategory.CONTENT : QuarantineCategory.VIRUS;
            int sender = random.nextInt(SENDERS);
            StringBuilder subject = new StringBuilder();
            int words = 3 + random.nextInt(5);
            for (int w = 0; w < words; w++) {
                subject.append(w == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
            }
            QuarantineEntry.Builder entry = QuarantineEntry.builder()
                .messageId(CleanPortId.generate(Clock.fixed(received, ZoneOffset.UTC)))
                .category(category)
                .recipient(recipient(random.nextInt(recipients)))
                .sender(random.nextInt(100) < 3 ? "<>" : "sender" + sender + "@sender" + (sender % 500) + ".example")
                .subject(subject.toString())
                .size(2_000 + random.nextInt(200_000))
                .received(received)
                .expires(received.plus(SPAN))
                .location(RepositoryLocation.of("file://var/mail/quarantine/" + category.jsonValue() + "/", "mail-" + i));
            if (category == QuarantineCategory.SPAM) {
                entry.score(5 + random.nextInt(2000) / 100.0)
                    .reasons(List.of(QuarantineReason.of("BAYES_99", "Bayesian spam probability is 99 to 100%"),
                        QuarantineReason.of("URIBL_BLACK", "Contains an URL listed in the URIBL blacklist")));
            } else if (category == QuarantineCategory.VIRUS) {
                entry.reasons(List.of(QuarantineReason.of("EICAR-Test-File", "attachment eicar.com")));
            } else {
                entry.reasons(List.of(QuarantineReason.of("ATTACHMENT_EXE", "attachment invoice.pdf.exe")));
            }
            return entry.build();
        });
    }
}
