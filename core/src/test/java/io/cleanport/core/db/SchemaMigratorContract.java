package io.cleanport.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** What {@link SchemaMigrator} does on each database. Each test uses its own component and tables. */
public interface SchemaMigratorContract {

    Database database();

    /** A second, independent pool on the same database: another MX node. */
    Database otherNode();

    private int count(String table) {
        return database().withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private int storedVersion(String component) {
        return database().withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM " + SchemaMigrator.VERSION_TABLE + " WHERE component = ?")) {
                select.setString(1, component);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
        });
    }

    @Test
    default void appliesMigrationsOnceAndRecordsTheVersion() {
        SchemaMigrator migrator = SchemaMigrator.of("once", List.of(
            Migration.of(1, "CREATE TABLE once_t (id INTEGER NOT NULL PRIMARY KEY)", "INSERT INTO once_t (id) VALUES (1)")));

        assertThat(migrator.migrate(database())).isEqualTo(1);
        assertThat(migrator.migrate(database())).isEqualTo(1);

        assertThat(count("once_t")).isEqualTo(1);
        assertThat(storedVersion("once")).isEqualTo(1);
    }

    @Test
    default void appliesOnlyTheNewerMigrations() {
        Migration v1 = Migration.of(1, "CREATE TABLE newer_t (id INTEGER NOT NULL PRIMARY KEY)", "INSERT INTO newer_t (id) VALUES (1)");
        Migration v2 = Migration.of(2, "INSERT INTO newer_t (id) VALUES (2)");
        SchemaMigrator.of("newer", List.of(v1)).migrate(database());

        assertThat(SchemaMigrator.of("newer", List.of(v2, v1)).migrate(database())).isEqualTo(2);

        assertThat(count("newer_t")).isEqualTo(2);
        assertThat(storedVersion("newer")).isEqualTo(2);
    }

    @Test
    default void componentsAreIndependent() {
        SchemaMigrator.of("first", List.of(Migration.of(1, "CREATE TABLE first_t (id INTEGER)"))).migrate(database());
        SchemaMigrator.of("second", List.of(Migration.of(1, "CREATE TABLE second_t (id INTEGER)"))).migrate(database());

        assertThat(storedVersion("first")).isEqualTo(1);
        assertThat(storedVersion("second")).isEqualTo(1);
    }

    @Test
    default void aFailingMigrationChangesNothing() {
        SchemaMigrator failing = SchemaMigrator.of("failing", List.of(
            Migration.of(1, "CREATE TABLE failing_t (id INTEGER)"),
            Migration.of(2, "INSERT INTO failing_t (id) VALUES (1)", "INSERT INTO no_such_table (id) VALUES (1)")));

        assertThatThrownBy(() -> failing.migrate(database()))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("failing V2");

        assertThat(storedVersion("failing")).isZero();
        SchemaMigrator.of("failing", List.of(Migration.of(1, "CREATE TABLE failing_t (id INTEGER)"))).migrate(database());
        assertThat(count("failing_t")).isZero();
    }

    @Test
    default void aNewerStoredVersionIsLeftAlone() {
        SchemaMigrator.of("ahead", List.of(Migration.of(1, "CREATE TABLE ahead_t (id INTEGER)"),
            Migration.of(2, "INSERT INTO ahead_t (id) VALUES (2)"))).migrate(database());

        assertThat(SchemaMigrator.of("ahead", List.of(Migration.of(1, "CREATE TABLE ahead_t (id INTEGER)"))).migrate(database()))
            .isEqualTo(2);
    }

    @Test
    default void nodesStartingTogetherApplyEachMigrationOnce() throws Exception {
        List<Migration> migrations = List.of(
            Migration.of(1, "CREATE TABLE race_t (id INTEGER NOT NULL PRIMARY KEY)"),
            Migration.of(2, "INSERT INTO race_t (id) VALUES (1)"));
        Database[] nodes = {database(), otherNode(), database(), otherNode()};
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(nodes.length);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (Database node : nodes) {
                Callable<Integer> migrate = () -> {
                    start.await();
                    return SchemaMigrator.of("race", migrations).migrate(node);
                };
                results.add(executor.submit(migrate));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(2);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(count("race_t")).isEqualTo(1);
    }

    @Test
    default void refusesGapsInVersions() {
        assertThatThrownBy(() -> SchemaMigrator.of("gaps", List.of(Migration.of(1, "SELECT 1"), Migration.of(3, "SELECT 1"))))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
