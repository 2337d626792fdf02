package io.cleanport.core.content;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class PostgresContentRuleStoreTest implements ContentRuleStoreContract {
    static TestDatabase database;
    static ContentRuleStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
        store = new JdbcContentRuleStore(database.database(), LIMIT);
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    public ContentRuleStore store() {
        return store;
    }

    @Override
    public ContentRuleStore reopenedStore() {
        store = new JdbcContentRuleStore(database.reopen(), LIMIT);
        return store;
    }
}
