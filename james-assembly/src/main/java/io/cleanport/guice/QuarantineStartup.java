package io.cleanport.guice;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.utils.UserDefinedStartable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineSettings;
import io.cleanport.core.schedule.PeriodicJob;

/**
 * Brings the quarantine up when the server starts (listed as {@code guice.extension.startable} in
 * {@code extensions.properties}): checks the index against the quarantine repositories and rebuilds it if
 * it missed entries, then purges expired entries every {@code quarantine.purge.interval}.
 *
 * <p>This runs on a thread of its own. James starts extension startables in no fixed order with its
 * mail repository store, so the check retries until the repositories answer; meanwhile the index serves
 * what it holds and new entries are indexed as usual.
 */
public class QuarantineStartup implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineStartup.class);
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final Duration GIVE_UP = Duration.ofMinutes(5);

    private final Quarantine quarantine;
    private final QuarantineSettings settings;
    private final GatewayDatabase database;

    @Inject
    public QuarantineStartup(Quarantine quarantine, QuarantineSettings settings, GatewayDatabase database) {
        this.quarantine = quarantine;
        this.settings = settings;
        this.database = database;
    }

    @Override
    public void start() {
        PeriodicJob purge = new PeriodicJob("quarantine-purge", settings.purgeInterval(), quarantine::purgeExpired);
        database.beforeClose(purge::stop);
        Thread thread = new Thread(() -> {
            reconcile();
            purge.start();
        }, "cleanport-quarantine-start");
        thread.setDaemon(true);
        thread.start();
    }

    private void reconcile() {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            try {
                quarantine.start();
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    LOGGER.error("The quarantine index could not be checked against the quarantine repositories within {} s;"
                        + " searches may miss entries until POST /cleanport/quarantine?action=rebuildIndex or the next start", GIVE_UP.getSeconds(), e);
                    return;
                }
                LOGGER.debug("Quarantine repositories not ready yet ({}); retrying", e.toString());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
