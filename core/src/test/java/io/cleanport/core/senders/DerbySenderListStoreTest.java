package io.cleanport.core.senders;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class DerbySenderListStoreTest implements SenderListStoreContract {
    @TempDir
    static Path folder;
    static TestDatabase database;
    static SenderListStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
        store = new JdbcSenderListStore(database.database(), LIMIT);
    }

    @AfterAll
    static void close() {
        database.close();
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
