package io.cleanport.core.greylist;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.schedule.PeriodicJob;

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
    private final PeriodicJob job;

    public GreylistPurger(GreylistStore store, GreylistSettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    public GreylistPurger(GreylistStore store, GreylistSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.batch = settings.purgeBatch();
        Objects.requireNonNull(clock);
        this.job = new PeriodicJob("greylist-purge", settings.purgeInterval(), () -> purgeOnce(clock.instant()));
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
    public void start() {
        job.start();
    }

    /** Stops the background purge, waiting briefly for a run in progress. Idempotent. */
    public void stop() {
        job.stop();
    }
}
