package io.cleanport.core.stats;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class PostgresCountersTest implements CountersContract {
    static TestDatabase database;
    private final List<JdbcCounters> opened = new ArrayList<>();

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    public Counters newCounters() {
        JdbcCounters counters = new JdbcCounters(database.database());
        opened.add(counters);
        return counters;
    }

    @AfterEach
    void stopAll() {
        opened.forEach(JdbcCounters::stop);
    }
}
