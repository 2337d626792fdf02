package io.cleanport.core.greylist;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.cleanport.core.db.Database;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

/** Greylisting on PostgreSQL: the store contract and the engine over it. */
class PostgresGreylistTest implements GreylistStoreContract, GreylistContract {
    static TestDatabase database;
    static Database otherPool;
    static GreylistStore store;
    static GreylistStore otherNode;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
        store = new JdbcGreylistStore(database.database());
        otherPool = Database.open(database.config());
        otherNode = new JdbcGreylistStore(otherPool);
    }

    @AfterAll
    static void close() {
        if (otherPool != null) {
            otherPool.close();
        }
        if (database != null) {
            database.close();
        }
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
