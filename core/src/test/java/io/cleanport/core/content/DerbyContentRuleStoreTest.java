package io.cleanport.core.content;

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

class DerbyContentRuleStoreTest implements ContentRuleStoreContract {
    @TempDir
    static Path folder;
    static TestDatabase database;
    static ContentRuleStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.derby(folder);
        store = new JdbcContentRuleStore(database.database(), LIMIT);
    }

    @AfterAll
    static void close() {
        database.close();
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

    @Test
    void aRowMadeUnreadableByHandIsReportedWithItsId() {
        String id = store.add(ALICE, EXE).id().orElseThrow();
        database.database().withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE cleanport_content_rules SET rule_type = 'content', rule_value = '/(/' WHERE id = ?")) {
                update.setString(1, id);
                return update.executeUpdate();
            }
        });

        assertThatThrownBy(() -> store.list(ALICE))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining(id).hasMessageContaining("alice@example.com").hasMessageContaining("missing closing )");
        assertThat(store.remove(ALICE, id)).isTrue();
        assertThat(store.list(ALICE)).isEmpty();
    }
}
