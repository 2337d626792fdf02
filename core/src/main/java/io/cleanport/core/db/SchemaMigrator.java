package io.cleanport.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one component's tables (e.g. {@code "policies"}) to the newest version it declares.
 *
 * <p>The applied version of each component is kept in {@code cleanport_schema_version}. Migrating
 * happens in one transaction that first locks that table exclusively, so MX nodes sharing a PostgreSQL
 * database and starting together apply each migration exactly once; the others wait, then find nothing
 * left to do.
 */
public final class SchemaMigrator {
    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaMigrator.class);
    public static final String VERSION_TABLE = "cleanport_schema_version";
    public static final int MAX_COMPONENT_LENGTH = 64;

    private final String component;
    private final List<Migration> migrations;

    private SchemaMigrator(String component, List<Migration> migrations) {
        this.component = component;
        this.migrations = migrations;
    }

    /**
     * @param component  a short stable name, at most 64 characters
     * @param migrations versions 1..n, each exactly once
     */
    public static SchemaMigrator of(String component, List<Migration> migrations) {
        if (component == null || component.isBlank() || component.length() > MAX_COMPONENT_LENGTH) {
            throw new IllegalArgumentException("component must be 1 to " + MAX_COMPONENT_LENGTH + " characters, got '" + component + "'");
        }
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparingInt(Migration::version));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations of " + component + " must be numbered 1.." + sorted.size()
                    + " without gaps or duplicates, found version " + sorted.get(i).version() + " at position " + (i + 1));
            }
        }
        return new SchemaMigrator(component, List.copyOf(sorted));
    }

    /** The migrations found as {@code V1.sql, V2.sql, ...} in a classpath folder. */
    public static SchemaMigrator fromResourceFolder(String component, String folder) {
        List<Migration> migrations = Migration.fromResourceFolder(folder);
        if (migrations.isEmpty()) {
            throw new IllegalStateException("No migrations (V1.sql ...) found in " + folder);
        }
        return of(component, migrations);
    }

    public String component() {
        return component;
    }

    public int latestVersion() {
        return migrations.size();
    }

    /**
     * Applies every migration above the stored version, in one transaction.
     *
     * @return the component's schema version afterwards
     */
    public int migrate(Database database) {
        database.withConnection(SchemaMigrator::createVersionTable);
        return database.inTransaction(this::migrateLocked);
    }

    private static Void createVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + VERSION_TABLE
                + " (component VARCHAR(64) NOT NULL PRIMARY KEY, version INTEGER NOT NULL)");
        } catch (SQLException e) {
            // Already there, or created at the same moment by another node (PostgreSQL may then
            // report a unique violation on its catalog instead of "already exists").
            if (!SqlState.isTableExists(e) && !SqlState.isUniqueViolation(e)) {
                throw e;
            }
        }
        return null;
    }

    private int migrateLocked(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("LOCK TABLE " + VERSION_TABLE + " IN EXCLUSIVE MODE");
        }
        Integer stored = storedVersion(connection);
        int current = stored == null ? 0 : stored;
        if (current > latestVersion()) {
            LOGGER.warn("Schema of {} is at version {}, newer than the {} this node knows; leaving it as is",
                component, current, latestVersion());
            return current;
        }
        if (current == latestVersion()) {
            return current;
        }
        for (Migration migration : migrations.subList(current, migrations.size())) {
            apply(connection, migration);
        }
        saveVersion(connection, stored != null, latestVersion());
        LOGGER.info("Schema of {} migrated from version {} to {}", component, current, latestVersion());
        return latestVersion();
    }

    private Integer storedVersion(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT version FROM " + VERSION_TABLE + " WHERE component = ?")) {
            select.setString(1, component);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        }
    }

    private void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException("Migration " + component + " V" + migration.version() + " failed on: " + sql
                        + ": " + e.getMessage(), e.getSQLState(), e);
                }
            }
        }
    }

    private void saveVersion(Connection connection, boolean exists, int version) throws SQLException {
        String sql = exists
            ? "UPDATE " + VERSION_TABLE + " SET version = ? WHERE component = ?"
            : "INSERT INTO " + VERSION_TABLE + " (version, component) VALUES (?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, version);
            statement.setString(2, component);
            statement.executeUpdate();
        }
    }
}
