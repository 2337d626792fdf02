package io.cleanport.core.antivirus;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.schedule.PeriodicJob;

/**
 * Keeps a node's {@link SignatureIndex} in step with the shared {@link SignatureStore}: every interval
 * (two seconds by default) it picks up the signatures other nodes learned or deleted
 * ({@link SignatureIndex#refresh()}) and adds this node's hits to the store
 * ({@link SignatureIndex#flushHits()}), on a daemon thread.
 *
 * <p>While the database is down the index goes on recognising what it holds and counting hits; the first
 * failure is logged as a warning with its cause, the next ones only at debug level until a sync succeeds
 * again, so an outage does not flood the log every two seconds. {@link #close()} stops the schedule and
 * flushes the hits one last time: call it before the database closes.
 */
public final class SignatureSync implements AutoCloseable {
    /** How often nodes sync by default: "other nodes pick new signatures up within seconds". */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOGGER = LoggerFactory.getLogger(SignatureSync.class);

    private final SignatureIndex index;
    private final PeriodicJob job;
    private boolean failing;

    /** Syncs every {@link #DEFAULT_INTERVAL} once started. */
    public SignatureSync(SignatureIndex index) {
        this(index, DEFAULT_INTERVAL);
    }

    /** @param interval positive */
    public SignatureSync(SignatureIndex index, Duration interval) {
        this.index = Objects.requireNonNull(index, "index");
        this.job = new PeriodicJob("signature-sync", interval, this::syncQuietly);
    }

    /** Starts syncing every interval, the first time one interval from now. Idempotent. */
    public void start() {
        job.start();
    }

    /**
     * One sync: refresh, then flush the hits, the flush even if the refresh failed.
     *
     * @throws RuntimeException the first failure, the other one suppressed in it
     */
    public void syncOnce() {
        RuntimeException failure = null;
        try {
            index.refresh();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            index.flushHits();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private synchronized void syncQuietly() {
        try {
            syncOnce();
            if (failing) {
                failing = false;
                LOGGER.info("Virus signature sync works again; {} signatures in memory", index.size());
            }
        } catch (RuntimeException e) {
            if (failing) {
                LOGGER.debug("Virus signature sync still failing: {}", e.getMessage());
            } else {
                failing = true;
                LOGGER.warn("Virus signature sync failed (retried every run; logged again when it recovers): {}",
                    e.getMessage(), e);
            }
        }
    }

    /** Stops the schedule and flushes the hits counted since the last sync. Idempotent. */
    @Override
    public void close() {
        job.stop();
        try {
            index.flushHits();
        } catch (RuntimeException e) {
            LOGGER.warn("The last virus signature hits could not be stored: {}", e.getMessage(), e);
        }
    }
}
