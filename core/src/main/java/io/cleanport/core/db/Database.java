package io.cleanport.core.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A pooled connection to the database holding CleanPort's own tables: Derby embedded by default, or
 * PostgreSQL when several MX nodes share their state.
 *
 * <p>Closing it closes the pool and, for Derby embedded, shuts the database down cleanly so that it
 * can be reopened (by this or another process) without recovery.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Database.class);
    private static final String DERBY_PREFIX = "jdbc:derby:";

    private final DatabaseConfig config;
    private final Dialect dialect;
    private final HikariDataSource dataSource;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dialect = config.dialect();
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool. Fails at once (a {@link StoreException}) if the database cannot be reached, so a
     * misconfigured server does not start half-working.
     */
    public static Database open(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setPoolName("cleanport-" + config.dialect().name().toLowerCase(Locale.ROOT));
        try {
            return new Database(config, new HikariDataSource(hikari));
        } catch (RuntimeException e) {
            throw new StoreException("Cannot open database " + config.url() + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlFunction<Connection, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException("Database error (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
     */
    public <T> T inTransaction(SqlFunction<Connection, T> work) {
        return withConnection(connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Closes the pool; for Derby embedded also shuts the database down (other {@code Database}
     * instances on the same Derby path in this JVM lose their connections too).
     */
    @Override
    public void close() {
        dataSource.close();
        derbyShutdownUrl().ifPresent(this::shutdownDerby);
    }

    private Optional<String> derbyShutdownUrl() {
        String url = config.url();
        if (dialect != Dialect.DERBY || url.startsWith(DERBY_PREFIX + "//")) {
            return Optional.empty();
        }
        int attributes = url.indexOf(';');
        String name = attributes < 0 ? url.substring(DERBY_PREFIX.length()) : url.substring(DERBY_PREFIX.length(), attributes);
        return Optional.of(DERBY_PREFIX + name + ";shutdown=true");
    }

    private void shutdownDerby(String shutdownUrl) {
        try {
            DriverManager.getConnection(shutdownUrl, config.user().orElse(null), config.password().orElse(null)).close();
            LOGGER.warn("Derby did not report the shutdown of {}", shutdownUrl);
        } catch (SQLException e) {
            if (SqlState.has(e, SqlState.DERBY_DATABASE_SHUT_DOWN)) {
                LOGGER.debug("Derby database shut down: {}", shutdownUrl);
            } else {
                LOGGER.warn("Derby shutdown of {} failed (SQLState {}): {}", shutdownUrl, e.getSQLState(), e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "Database{" + config + "}";
    }
}
