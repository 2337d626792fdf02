package io.cleanport.core.testing;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.DatabaseConfig;

/**
 * A database for one test class: Derby in a temporary folder or a fresh PostgreSQL schema. Close it
 * when done (PostgreSQL: the schema is dropped).
 */
public final class TestDatabase implements AutoCloseable {
    private final DatabaseConfig config;
    private final Runnable cleanup;
    private Database current;

    TestDatabase(DatabaseConfig config, Runnable cleanup) {
        this.config = config;
        this.cleanup = cleanup;
    }

    /** What to give a server or a store to reach this database. */
    public DatabaseConfig config() {
        return config;
    }

    /** The open database, opened on first use. */
    public synchronized Database database() {
        if (current == null) {
            current = Database.open(config);
        }
        return current;
    }

    /** Closes the open database (Derby: shuts it down) and opens it again on the same storage. */
    public synchronized Database reopen() {
        if (current != null) {
            current.close();
            current = null;
        }
        return database();
    }

    @Override
    public synchronized void close() {
        try {
            if (current != null) {
                current.close();
                current = null;
            }
        } finally {
            cleanup.run();
        }
    }
}
