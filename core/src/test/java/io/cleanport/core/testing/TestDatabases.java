package io.cleanport.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import io.cleanport.core.db.DatabaseConfig;

/**
 * Databases for tests.
 *
 * <p>PostgreSQL is expected at {@code 127.0.0.1:5432}, database {@code test}, user {@code postgres}
 * with trust authentication; override with system properties {@code cleanport.test.postgres.url},
 * {@code cleanport.test.postgres.user} and {@code cleanport.test.postgres.password}. If it is
 * unreachable the tests fail, unless {@code -Dcleanport.test.postgres=skip}, which skips them.
 */
public final class TestDatabases {
    public static final String POSTGRES_PROPERTY = "cleanport.test.postgres";
    private static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    static {
        // Keep derby.log out of the module folder.
        if (System.getProperty("derby.stream.error.file") == null) {
            Path target = Path.of("target");
            Path folder = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
            System.setProperty("derby.stream.error.file", folder.resolve("derby.log").toAbsolutePath().toString());
        }
    }

    private TestDatabases() {
    }

    /** A new embedded Derby database in {@code folder} (typically a JUnit {@code @TempDir}). */
    public static TestDatabase derby(Path folder) {
        Path location = folder.toAbsolutePath().resolve("cleanport-db");
        return new TestDatabase(DatabaseConfig.of("jdbc:derby:" + location + ";create=true", null, null, 4), () -> { });
    }

    /**
     * A fresh schema {@code cp_test_<random>} in the test PostgreSQL database, dropped on close.
     * Aborts (skips) the calling test only when {@code -Dcleanport.test.postgres=skip}.
     */
    public static TestDatabase postgres() {
        Assumptions.assumeFalse("skip".equalsIgnoreCase(System.getProperty(POSTGRES_PROPERTY)),
            "PostgreSQL tests skipped by -D" + POSTGRES_PROPERTY + "=skip");
        String url = System.getProperty(POSTGRES_PROPERTY + ".url", DEFAULT_POSTGRES_URL);
        String user = System.getProperty(POSTGRES_PROPERTY + ".user", "postgres");
        String password = System.getProperty(POSTGRES_PROPERTY + ".password", "");
        String schema = "cp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute(url, user, password, "CREATE SCHEMA " + schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(DatabaseConfig.of(schemaUrl, user, password, 4),
            () -> execute(url, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " (user " + user + ") failed on '" + sql + "': "
                + e.getMessage() + ". Start PostgreSQL, or run with -D" + POSTGRES_PROPERTY + "=skip to skip these tests.", e);
        }
    }
}
