package io.cleanport.core.greylist;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.DatabaseConfig;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

/** Greylisting on embedded Derby: the store contract and the engine over it. */
class DerbyGreylistTest implements GreylistStoreContract, GreylistContract {
    @TempDir
    static Path folder;
    static TestDatabase database;
    static Database otherPool;
    static GreylistStore store;
    static GreylistStore otherNode;

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
        store = new JdbcGreylistStore(database.database());
        otherPool = Database.open(DatabaseConfig.of(database.config().url(), null, null, 2));
        otherNode = new JdbcGreylistStore(otherPool);
    }

    @AfterAll
    static void close() {
        otherPool.close();
        database.close();
    }

    @Override
    public GreylistStore store() {
        return store;
    }

    @Override
    public GreylistStore otherNode() {
        return otherNode;
    }
}
