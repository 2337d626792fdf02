package io.cleanport.core.policy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class PostgresPolicyStoreTest implements PolicyStoreContract {
    static TestDatabase database;
    static PolicyStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
        store = new JdbcPolicyStore(database.database());
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
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
