package io.cleanport.core.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.SchemaMigrator;
import io.cleanport.core.db.SqlState;
import io.cleanport.core.policy.DomainName;

/**
 * {@link Counters} kept in memory ({@link LongAdder}s, no lock on the counting path) and added to the
 * table {@code cleanport_counters} by {@link #flush()}, called every few seconds by {@link #start}
 * rather than per event, so the database sees a bounded number of writes whatever the traffic. Each
 * flush adds ({@code value = value + ?}) only what changed since the previous one, so totals survive
 * restarts and several nodes sharing a database add up.
 *
 * <p>What is counted but not flushed yet is lost if the process dies (at most one flush interval's
 * worth); a failed flush keeps it for the next one. A flush is one transaction, so one disk sync. Memory holds one slot per counter and domain
 * counted, bounded by the number of protected domains.
 */
public final class JdbcCounters implements Counters {
    public static final String COMPONENT = "stats";
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);
    /** The domain column's value for the total over all domains (no domain name can be {@code *}). */
    public static final String TOTAL = "*";
    static final String MIGRATIONS = "/io/cleanport/core/db/stats/";
    static final String TABLE = "cleanport_counters";
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(JdbcCounters.class);

    private static final String ADD = "UPDATE " + TABLE + " SET value = value + ? WHERE name = ? AND domain = ?";
    private static final String INSERT = "INSERT INTO " + TABLE + " (value, name, domain) VALUES (?, ?, ?)";
    private static final String SELECT = "SELECT name, value FROM " + TABLE + " WHERE domain = ?";

    private final Database database;
    private final Map<Slot, Tally> tallies = new ConcurrentHashMap<>();
    /** Held by flush and snapshot, never by counting: a snapshot never sees a flush half done. */
    private final Object flushLock = new Object();
    private ScheduledExecutorService scheduler;
    private volatile Map<Counter, Long> lastLogged = Map.of();

    /** Opens the counters, creating or upgrading their table first. */
    public JdbcCounters(Database database) {
        this.database = database;
        SchemaMigrator.fromResourceFolder(COMPONENT, MIGRATIONS).migrate(database);
    }

    @Override
    public void add(Counter counter, DomainName domain, long amount) {
        checkAmount(amount);
        tally(counter, domain.name()).counted.add(amount);
        tally(counter, TOTAL).counted.add(amount);
    }

    @Override
    public void add(Counter counter, long amount) {
        checkAmount(amount);
        tally(counter, TOTAL).counted.add(amount);
    }

    private static void checkAmount(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counters only grow; got " + amount);
        }
    }

    private Tally tally(Counter counter, String scope) {
        return tallies.computeIfAbsent(new Slot(counter, scope), slot -> new Tally());
    }

    @Override
    public Map<Counter, Long> snapshot(Optional<DomainName> domain) {
        String scope = domain.map(DomainName::name).orElse(TOTAL);
        synchronized (flushLock) {
            Map<Counter, Long> values = new EnumMap<>(Counter.class);
            for (Counter counter : Counter.values()) {
                values.put(counter, 0L);
            }
            database.withConnection(connection -> {
                try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                    select.setString(1, scope);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            long stored = rows.getLong(2);
                            Counter.fromKey(rows.getString(1)).ifPresent(counter -> values.merge(counter, stored, Long::sum));
                        }
                    }
                }
                return null;
            });
            for (Counter counter : Counter.values()) {
                Tally tally = tallies.get(new Slot(counter, scope));
                if (tally != null) {
                    values.merge(counter, tally.pending(), Long::sum);
                }
            }
            return java.util.Collections.unmodifiableMap(values);
        }
    }

    /**
     * Adds what was counted since the last flush to the table, in one transaction (one disk sync)
     * touching the changed rows in a fixed order, so nodes flushing at the same moment cannot
     * deadlock. If it fails, nothing is marked flushed: the next flush carries it all again.
     *
     * @throws io.cleanport.core.db.StoreException if the database fails
     */
    @Override
    public void flush() {
        synchronized (flushLock) {
            List<Map.Entry<Slot, Tally>> changed = tallies.entrySet().stream()
                .filter(entry -> entry.getValue().pending() > 0)
                .sorted(Map.Entry.comparingByKey(Slot.ORDER))
                .toList();
            if (changed.isEmpty()) {
                return;
            }
            long[] deltas = new long[changed.size()];
            database.inTransaction(connection -> {
                for (int i = 0; i < deltas.length; i++) {
                    deltas[i] = changed.get(i).getValue().pending();
                    addToStored(connection, changed.get(i).getKey(), deltas[i]);
                }
                return null;
            });
            for (int i = 0; i < deltas.length; i++) {
                changed.get(i).getValue().flushed += deltas[i];
            }
            LOGGER.debug("Flushed {} counters", changed.size());
        }
    }

    private static void addToStored(Connection connection, Slot slot, long delta) throws SQLException {
        if (update(connection, ADD, slot, delta) > 0) {
            return;
        }
        // The savepoint keeps the transaction usable after a duplicate key (PostgreSQL aborts it otherwise).
        Savepoint savepoint = connection.setSavepoint();
        try {
            update(connection, INSERT, slot, delta);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!SqlState.isUniqueViolation(e)) {
                throw e;
            }
            // Another node inserted the row in between: add to it.
            connection.rollback(savepoint);
            update(connection, ADD, slot, delta);
        }
    }

    private static int update(Connection connection, String sql, Slot slot, long delta) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, delta);
            statement.setString(2, slot.counter().key());
            statement.setString(3, slot.scope());
            return statement.executeUpdate();
        }
    }

    /** Flushes every {@link #DEFAULT_FLUSH_INTERVAL}. */
    public void start() {
        start(DEFAULT_FLUSH_INTERVAL);
    }

    /**
     * Flushes every {@code interval} on a daemon thread, and logs this node's totals at INFO every
     * five minutes when they changed. Idempotent.
     */
    public synchronized void start(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive, got " + interval);
        }
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cleanport-counters-flush");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        long logEvery = Math.max(1, LOG_INTERVAL.toMillis() / millis);
        long[] runs = {0};
        scheduler.scheduleWithFixedDelay(() -> {
            flushQuietly();
            if (++runs[0] % logEvery == 0) {
                logTotals();
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic flush, then flushes once more. Idempotent. */
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        flushQuietly();
        logTotals();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOGGER.warn("Flushing the counters failed (kept for the next flush): {}", e.getMessage(), e);
        }
    }

    private void logTotals() {
        Map<Counter, Long> counted = new EnumMap<>(Counter.class);
        for (Counter counter : Counter.values()) {
            Tally tally = tallies.get(new Slot(counter, TOTAL));
            counted.put(counter, tally == null ? 0L : tally.counted.sum());
        }
        if (!counted.equals(lastLogged)) {
            lastLogged = counted;
            LOGGER.info("Counted by this node since start: {}", counted.entrySet().stream()
                .map(entry -> entry.getKey().key() + "=" + entry.getValue())
                .collect(Collectors.joining(" ")));
        }
    }

    /** One counter of one domain, or of the total. */
    private record Slot(Counter counter, String scope) {
        static final Comparator<Slot> ORDER = Comparator.comparing((Slot slot) -> slot.counter().key()).thenComparing(Slot::scope);
    }

    /** Everything counted in this process, and how much of it the table already has. */
    private static final class Tally {
        final LongAdder counted = new LongAdder();
        /** Guarded by {@link #flushLock}. */
        long flushed;

        long pending() {
            return counted.sum() - flushed;
        }
    }
}
