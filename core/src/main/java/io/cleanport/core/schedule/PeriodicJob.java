package io.cleanport.core.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background housekeeping (purges of expired greylist and quarantine entries): a task run on a daemon
 * thread every interval, the first run one interval after {@link #start()}. A run that fails is logged
 * and the schedule goes on; the next run retries.
 */
public final class PeriodicJob {
    /** The work of one run; may throw, the failure is logged. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(PeriodicJob.class);

    private final String name;
    private final Duration interval;
    private final Task task;
    private ScheduledExecutorService scheduler;

    /**
     * @param name     the job's name, in logs and as its thread's name ({@code cleanport-<name>})
     * @param interval positive
     */
    public PeriodicJob(String name, Duration interval, Task task) {
        this.name = Objects.requireNonNull(name, "name");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.task = Objects.requireNonNull(task, "task");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(name + ": the interval must be positive, got " + interval);
        }
    }

    /** Starts the schedule. Idempotent. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cleanport-" + name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runQuietly, millis, millis, TimeUnit.MILLISECONDS);
        LOGGER.info("{}: every {} s", name, interval.getSeconds());
    }

    /** Stops the schedule, waiting briefly for a run in progress. Idempotent. */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOGGER.warn("{} did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    private void runQuietly() {
        try {
            task.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A failed run must not cancel the schedule; the next one retries.
            LOGGER.warn("{} failed: {}", name, e.getMessage(), e);
        }
    }
}
