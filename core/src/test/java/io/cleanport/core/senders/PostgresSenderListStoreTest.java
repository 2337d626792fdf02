package io.cleanport.core.senders;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class PostgresSenderListStoreTest implements SenderListStoreContract {
    static TestDatabase database;
    static SenderListStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
        store = new JdbcSenderListStore(database.database(), LIMIT);
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    public SenderListStore store() {
        return store;
    }

    @Override
    public SenderListStore reopenedStore() {
        store = new JdbcSenderListStore(database.reopen(), LIMIT);
        return store;
    }
}
