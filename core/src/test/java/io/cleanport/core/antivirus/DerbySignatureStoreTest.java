package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.testing.TestDatabase;
import io.cleanport.core.testing.TestDatabases;

class DerbySignatureStoreTest implements SignatureStoreContract {
    @TempDir
    static Path folder;
    static TestDatabase database;
    static SignatureStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
        store = new JdbcSignatureStore(database.database());
    }

    @AfterAll
    static void close() {
        database.close();
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

    @Test
    void aRowMadeUnreadableByHandIsReportedWithItsIdAndCanBeDeleted() {
        long id = store.add(SignatureStoreContract.signature(50), T0).id();
        database.database().withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE cleanport_virus_signatures SET similarity = 'not a digest' WHERE id = ?")) {
                update.setLong(1, id);
                return update.executeUpdate();
            }
        });

        assertThatThrownBy(() -> store.all())
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("signature " + id).hasMessageContaining("similarity digest");
        assertThat(store.delete(id)).isTrue();
        assertThat(store.all()).isEmpty();
    }
}
