package io.cleanport.core.db;

import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the gateway's own tables live: a JDBC URL (Derby embedded or PostgreSQL), credentials and the
 * connection pool size.
 */
public final class DatabaseConfig {
    public static final String URL_KEY = "database.url";
    public static final String USER_KEY = "database.user";
    public static final String PASSWORD_KEY = "database.password";
    public static final String MAX_POOL_SIZE_KEY = "database.maxPoolSize";
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    /** Upper bound for the pool: more connections than this only hurt a database. */
    public static final int MAX_MAX_POOL_SIZE = 200;

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private final int maxPoolSize;

    private DatabaseConfig(String url, Optional<String> user, Optional<String> password, int maxPoolSize) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.maxPoolSize = maxPoolSize;
    }

    /** A configuration with the default pool size. */
    public static DatabaseConfig of(String url, String user, String password) {
        return of(url, user, password, DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * @param url      a {@code jdbc:derby:} or {@code jdbc:postgresql:} URL
     * @param user     may be null or empty (Derby embedded needs none)
     * @param password may be null or empty
     * @throws IllegalArgumentException naming the bad key
     */
    public static DatabaseConfig of(String url, String user, String password, int maxPoolSize) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL_KEY + ": is required (a jdbc:derby: or jdbc:postgresql: URL)");
        }
        Dialect.fromJdbcUrl(url.trim());
        if (maxPoolSize < 1 || maxPoolSize > MAX_MAX_POOL_SIZE) {
            throw new IllegalArgumentException(MAX_POOL_SIZE_KEY + ": must be an integer from 1 to "
                + MAX_MAX_POOL_SIZE + " (got " + maxPoolSize + ")");
        }
        return new DatabaseConfig(url.trim(), nonEmpty(user), nonEmpty(password), maxPoolSize);
    }

    /**
     * Reads {@code database.url} (required), {@code database.user}, {@code database.password} and
     * {@code database.maxPoolSize} (default 10).
     *
     * @throws IllegalArgumentException naming the bad key
     */
    public static DatabaseConfig fromProperties(Properties properties) {
        String poolSize = properties.getProperty(MAX_POOL_SIZE_KEY);
        int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        if (poolSize != null && !poolSize.isBlank()) {
            try {
                maxPoolSize = Integer.parseInt(poolSize.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_POOL_SIZE_KEY + ": must be an integer from 1 to "
                    + MAX_MAX_POOL_SIZE + " (got '" + poolSize + "')", e);
            }
        }
        return of(properties.getProperty(URL_KEY), properties.getProperty(USER_KEY),
            properties.getProperty(PASSWORD_KEY), maxPoolSize);
    }

    private static Optional<String> nonEmpty(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    public String url() {
        return url;
    }

    public Optional<String> user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }

    public int maxPoolSize() {
        return maxPoolSize;
    }

    public Dialect dialect() {
        return Dialect.fromJdbcUrl(url);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseConfig that
            && url.equals(that.url) && user.equals(that.user) && password.equals(that.password)
            && maxPoolSize == that.maxPoolSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, password, maxPoolSize);
    }

    @Override
    public String toString() {
        // never the password
        return "DatabaseConfig{url=" + url + ", user=" + user.orElse("") + ", maxPoolSize=" + maxPoolSize + "}";
    }
}
