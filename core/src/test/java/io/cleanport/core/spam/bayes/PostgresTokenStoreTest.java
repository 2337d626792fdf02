package io.cleanport.core.spam.bayes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

/** The token store on PostgreSQL; skipped with {@code -Dcleanport.test.postgres=skip}. */
class PostgresTokenStoreTest implements TokenStoreContract {
    static final MutableClock CLOCK = new MutableClock(T0);
    static TestDatabase database;
    static TokenStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
        store = new JdbcTokenStore(database.database(), CLOCK);
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    public TokenStore store() {
        return store;
    }

    @Override
    public TokenStore reopenedStore() {
        store = new JdbcTokenStore(database.reopen(), CLOCK);
        return store;
    }

    @Override
    public MutableClock clock() {
        return CLOCK;
    }
}
