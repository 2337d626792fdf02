package io.cleanport.core.spam.bayes;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

/** The token store on embedded Derby; the restart test shuts the database folder down and reopens it. */
class DerbyTokenStoreTest implements TokenStoreContract {
    @TempDir
    static Path folder;
    static final MutableClock CLOCK = new MutableClock(T0);
    static TestDatabase database;
    static TokenStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
        store = new JdbcTokenStore(database.database(), CLOCK);
    }

    @AfterAll
    static void close() {
        database.close();
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
