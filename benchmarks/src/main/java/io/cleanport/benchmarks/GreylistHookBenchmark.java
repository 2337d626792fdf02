package io.cleanport.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
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

import io.cleanport.core.db.Database;
import io.cleanport.core.db.DatabaseConfig;
import io.cleanport.core.greylist.Greylist;
import io.cleanport.core.greylist.Greylist.Decision;
import io.cleanport.core.greylist.GreylistKey;
import io.cleanport.core.greylist.GreylistSettings;
import io.cleanport.core.greylist.GreylistStore;
import io.cleanport.core.greylist.JdbcGreylistStore;

/**
 * The cost of one RCPT TO greylisting decision: {@link Greylist#check} as {@code GreylistHook} calls it
 * (key normalisation and digest, the one-statement lookup, and the write a decision needs), through
 * {@link JdbcGreylistStore} on embedded Derby with its default settings (durable commits).
 *
 * <ul>
 *   <li>{@code whitelistedHit}: a triplet that passed earlier; a read only.</li>
 *   <li>{@code greylistedRetry}: a retry before the minimum delay; a read only.</li>
 *   <li>{@code newTripletMiss}: a triplet never seen; a read and an insert (one commit).</li>
 * </ul>
 *
 * {@code triplets} is the number of stored triplets (plus a quarter as many networks): 1,000,000 is
 * the case measured, 1,000 the baseline in the same run, so the ratio shows what the table size costs.
 *
 * <p>Each size's database is populated once with batched inserts and kept in {@code cleanport.bench.dir}
 * (default {@code benchmarks/target/greylist-bench}, or {@code target/greylist-bench} when run from
 * inside {@code benchmarks/}) for later runs; the triplets the miss benchmark adds are purged after
 * each iteration (outside the measurement), so the store stays near its nominal size. All decisions use a fixed instant, so entries never age between runs and a hit
 * never renews (renewals happen at most once a day per triplet in production).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class GreylistHookBenchmark {
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    /** Misses happen a day earlier, so they expire before anything populated and can be purged alone. */
    static final Instant MISS_NOW = NOW.minus(Duration.ofDays(1));
    static final Instant MISS_EXPIRY_CUTOFF = MISS_NOW.plus(GreylistSettings.DEFAULT_RETRY_WINDOW).plusSeconds(1);
    static final int TRIPLETS_PER_NETWORK = 4;
    /** Every tenth stored triplet is still greylisted, the others passed. */
    static final int GREYLISTED_EVERY = 10;
    static final int BATCH = 10_000;

    @Param({"1000", "1000000"})
    public int triplets;

    private Database database;
    private Greylist greylist;
    private GreylistStore store;
    private SplittableRandom random;
    private String runTag;
    private long misses;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path folder = benchDir().resolve("triplets-" + triplets);
        System.setProperty("derby.stream.error.file", benchDir().resolve("derby.log").toString());
        database = openDatabase(folder);
        store = new JdbcGreylistStore(database);
        purgeMisses();
        if (storedTriplets() != triplets) {
            System.out.println("(re)building " + folder + " with " + triplets + " triplets...");
            database.close();
            deleteRecursively(folder);
            database = openDatabase(folder);
            store = new JdbcGreylistStore(database);
            long started = System.nanoTime();
            populate();
            System.out.printf("populated in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
        greylist = new Greylist(store, GreylistSettings.defaults());
        random = new SplittableRandom(42);
        runTag = Long.toString(System.nanoTime(), 36);
        misses = 0;
    }

    /** Keeps the store at its nominal size: the misses of an iteration are deleted before the next. */
    @TearDown(Level.Iteration)
    public void purgeIterationMisses() {
        purgeMisses();
    }

    @TearDown(Level.Trial)
    public void close() {
        purgeMisses();
        database.close();
    }

    private static Path benchDir() {
        String configured = System.getProperty("cleanport.bench.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path base = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "target") : Path.of("target");
        return base.resolve("greylist-bench").toAbsolutePath();
    }

    private static Database openDatabase(Path folder) {
        return Database.open(DatabaseConfig.of("jdbc:derby:" + folder + ";create=true", null, null, 2));
    }

    @Benchmark
    public Decision whitelistedHit() {
        int index = random.nextInt(triplets);
        if (index % GREYLISTED_EVERY == GREYLISTED_EVERY - 1) {
            index--;
        }
        return expect(greylist.check(client(index), sender(index), recipient(index), NOW), Greylist.Outcome.WHITELISTED);
    }

    @Benchmark
    public Decision greylistedRetry() {
        int index = random.nextInt(triplets / GREYLISTED_EVERY) * GREYLISTED_EVERY + GREYLISTED_EVERY - 1;
        return expect(greylist.check(client(index), sender(index), recipient(index), NOW), Greylist.Outcome.GREYLISTED);
    }

    @Benchmark
    public Decision newTripletMiss() {
        int index = random.nextInt(triplets);
        String sender = "m" + (misses++) + "-" + runTag + "@fresh.test";
        Decision decision = greylist.check(client(index), sender, recipient(index), MISS_NOW);
        if (!decision.firstAttempt()) {
            throw new IllegalStateException("expected a first attempt, got " + decision);
        }
        return decision;
    }

    private static Decision expect(Decision decision, Greylist.Outcome outcome) {
        if (decision.outcome() != outcome) {
            throw new IllegalStateException("expected " + outcome + ", got " + decision);
        }
        return decision;
    }

    /** Four triplets per /24, the networks spread over 10.0.0.0/8 to 13.0.0.0/8. */
    static InetAddress client(int index) {
        int network = index / TRIPLETS_PER_NETWORK;
        byte[] address = {(byte) (10 + ((network >> 16) & 0x3f)), (byte) (network >> 8), (byte) network,
            (byte) (1 + index % TRIPLETS_PER_NETWORK)};
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sender(int index) {
        return "Sender" + index + "@Example" + (index % 1000) + ".test";
    }

    static String recipient(int index) {
        return "user" + (index % 5000) + "@customer.test";
    }

    private long storedTriplets() {
        return database.withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM cleanport_greylist_triplets")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private void purgeMisses() {
        while (store.purgeExpired(MISS_EXPIRY_CUTOFF, BATCH) > 0) {
            // until only the populated entries remain
        }
    }

    /**
     * Writes the rows the engine would have written: passed triplets expiring a lifetime minus an hour
     * after {@link #NOW}, greylisted ones first seen a second before it, and their networks below the
     * whitelisting threshold (so the network probe finds a row but decides nothing).
     */
    private void populate() {
        GreylistSettings settings = GreylistSettings.defaults();
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        Timestamp passedAt = Timestamp.from(NOW.minus(Duration.ofHours(1)));
        Timestamp passedExpiry = Timestamp.from(NOW.minus(Duration.ofHours(1)).plus(settings.tripletLifetime()));
        Timestamp greylistedSeen = Timestamp.from(NOW.minusSeconds(1));
        Timestamp greylistedExpiry = Timestamp.from(NOW.minusSeconds(1).plus(settings.retryWindow()));
        for (int from = 0; from < triplets; from += BATCH) {
            int to = Math.min(triplets, from + BATCH);
            int first = from;
            database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cleanport_greylist_triplets"
                    + " (id, network, sender, recipient, first_seen, passed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = first; i < to; i++) {
                        GreylistKey key = GreylistKey.of(client(i), sender(i), recipient(i));
                        boolean greylisted = i % GREYLISTED_EVERY == GREYLISTED_EVERY - 1;
                        insert.setString(1, key.id());
                        insert.setString(2, key.network());
                        insert.setString(3, key.sender());
                        insert.setString(4, key.recipient());
                        insert.setTimestamp(5, greylisted ? greylistedSeen : passedAt, utc);
                        if (greylisted) {
                            insert.setNull(6, java.sql.Types.TIMESTAMP);
                        } else {
                            insert.setTimestamp(6, passedAt, utc);
                        }
                        insert.setTimestamp(7, greylisted ? greylistedExpiry : passedExpiry, utc);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cleanport_greylist_networks"
                    + " (network, passed_triplets, expires_at) VALUES (?, ?, ?)")) {
                    for (int i = first; i < to; i += TRIPLETS_PER_NETWORK) {
                        int network = i / TRIPLETS_PER_NETWORK;
                        insert.setString(1, GreylistKey.network(client(i)));
                        insert.setInt(2, 1 + network % (settings.networkThreshold() - 1));
                        insert.setTimestamp(3, passedExpiry, utc);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
