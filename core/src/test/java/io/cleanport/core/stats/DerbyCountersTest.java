package io.cleanport.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class DerbyCountersTest implements CountersContract {
    @TempDir
    static Path folder;
    static TestDatabase database;
    private final List<JdbcCounters> opened = new ArrayList<>();

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
    }

    @AfterAll
    static void close() {
        database.close();
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

    @Test
    void stopFlushesWhatIsLeft() {
        JdbcCounters counters = (JdbcCounters) newCounters();
        long before = newCounters().snapshot(Optional.empty()).get(Counter.GREYLISTED);
        counters.start();
        counters.increment(Counter.GREYLISTED);

        counters.stop();

        assertThat(newCounters().snapshot(Optional.empty()).get(Counter.GREYLISTED)).isEqualTo(before + 1);
    }
}
