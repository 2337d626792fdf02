package io.cleanport.core.policy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class DerbyPolicyStoreTest implements PolicyStoreContract {
    @TempDir
    static Path folder;
    static TestDatabase database;
    static PolicyStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
        store = new JdbcPolicyStore(database.database());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    public PolicyStore store() {
        return store;
    }

    @Override
    public PolicyStore reopenedStore() {
        store = new JdbcPolicyStore(database.reopen());
        return store;
    }
}
