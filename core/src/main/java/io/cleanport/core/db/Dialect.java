package io.cleanport.core.db;

import java.util.Locale;

/**
 * The SQL databases CleanPort stores run on. Stores use one code path of standard SQL for both; the
 * dialect only matters for start-up and shut-down details.
 */
public enum Dialect {
    /** Apache Derby, embedded (the single-node default). */
    DERBY,
    /** PostgreSQL (shared by several MX nodes). */
    POSTGRESQL;

    /**
     * Detects the dialect from a JDBC URL.
     *
     * @throws IllegalArgumentException if the URL is neither a Derby nor a PostgreSQL URL
     */
    public static Dialect fromJdbcUrl(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:derby:")) {
            return DERBY;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("database.url: unsupported JDBC URL '" + url
            + "'; expected jdbc:derby:... or jdbc:postgresql:...");
    }
}
