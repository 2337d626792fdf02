package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class PostgresSignatureStoreTest implements SignatureStoreContract {
    static TestDatabase database;
    static SignatureStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.postgres();
        store = new JdbcSignatureStore(database.database());
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    public SignatureStore store() {
        return store;
    }

    @Override
    public SignatureStore reopenedStore() {
        store = new JdbcSignatureStore(database.reopen());
        return store;
    }

    /**
     * A writer that skips the change lock (a node of an older version, a row made by hand) and commits
     * the same content while an add is under way: the add answers that row instead of failing.
     */
    @Test
    void aRowOfTheSameContentCommittedMeanwhileIsAnsweredNotAFailure() throws Exception {
        NewSignature learned = SignatureStoreContract.signature(60);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = database.database().dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("INSERT INTO cleanport_virus_signatures"
                + " (sha256, file_size, similarity, virus_name, source, evidence, first_seen, hits, last_hit)"
                + " VALUES (?, 1, NULL, 'Hand.Made', 'admin', '', ?, 0, NULL)")) {
                insert.setString(1, learned.sha256());
                insert.setTimestamp(2, Timestamp.from(T0));
                insert.executeUpdate();
            }
            Future<VirusSignature> add = pool.submit(() -> store.add(learned, T1));
            // Time for the add to reach its insert and wait on the unique index; if it is slower, it
            // simply finds the committed row first.
            Thread.sleep(Duration.ofMillis(500).toMillis());
            other.commit();

            VirusSignature stored = add.get(30, TimeUnit.SECONDS);

            assertThat(stored.virusName()).isEqualTo("Hand.Made");
            assertThat(store.all()).containsExactly(stored);
        } finally {
            pool.shutdownNow();
        }
    }
}
