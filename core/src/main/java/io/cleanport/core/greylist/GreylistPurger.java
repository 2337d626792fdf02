package io.cleanport.core.greylist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired greylist entries in the background: every {@link GreylistSettings#purgeInterval()},
 * at most {@link GreylistSettings#purgeBatch()} entries, oldest first. The bound keeps each run short
 * whatever the backlog; a backlog shrinks by one batch per run. Expired entries already read as
 * absent, so a purge late or skipped changes no decision, only the table size.
 *
 * <p>Every node may run one: deleting an entry another node deleted first is harmless.
 */
public final class GreylistPurger {
    private static final Logger LOGGER = LoggerFactory.getLogger(GreylistPurger.class);

    private final GreylistStore store;
    private final int batch;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public GreylistPurger(GreylistStore store, GreylistSettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    public GreylistPurger(GreylistStore store, GreylistSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.batch = settings.purgeBatch();
        this.interval = settings.purgeInterval();
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Deletes up to one batch of entries that expired before {@code now}.
     *
     * @return how many were deleted
     */
    public int purgeOnce(Instant now) {
        int deleted = store.purgeExpired(now, batch);
        if (deleted >= batch) {
            LOGGER.info("Greylist purge deleted {} expired entries (a full batch; the rest go in the next runs)", deleted);
        } else if (deleted > 0) {
            LOGGER.debug("Greylist purge deleted {} expired entries", deleted);
        }
        return deleted;
    }

    /** Starts purging every interval on a daemon thread, the first run one interval from now. Idempotent. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cleanport-greylist-purge");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
        LOGGER.info("Greylist purge every {} s, at most {} entries a run", interval.getSeconds(), batch);
    }

    /** Stops the background purge, waiting briefly for a run in progress. Idempotent. */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOGGER.warn("Greylist purge did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    private void runQuietly() {
        try {
            purgeOnce(clock.instant());
        } catch (RuntimeException e) {
            // A failed run must not cancel the schedule; the next one retries.
            LOGGER.warn("Greylist purge failed: {}", e.getMessage(), e);
        }
    }
}
