package io.cleanport.core.db;

import java.sql.SQLException;

/**
 * The few SQLStates stores react to, identical on Derby and PostgreSQL unless stated.
 */
public final class SqlState {
    /** Unique or primary key violation (both databases). */
    public static final String UNIQUE_VIOLATION = "23505";
    /** Foreign key violation (both databases). */
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    /** Derby: table already exists. */
    public static final String DERBY_TABLE_EXISTS = "X0Y32";
    /** PostgreSQL: relation already exists. */
    public static final String POSTGRESQL_TABLE_EXISTS = "42P07";
    /** Derby: a single database was shut down (the expected answer to {@code ;shutdown=true}). */
    public static final String DERBY_DATABASE_SHUT_DOWN = "08006";

    private SqlState() {
    }

    public static boolean isUniqueViolation(SQLException e) {
        return has(e, UNIQUE_VIOLATION);
    }

    public static boolean isForeignKeyViolation(SQLException e) {
        return has(e, FOREIGN_KEY_VIOLATION);
    }

    public static boolean isTableExists(SQLException e) {
        return has(e, DERBY_TABLE_EXISTS) || has(e, POSTGRESQL_TABLE_EXISTS);
    }

    /** Whether {@code e} or one of its chained exceptions carries {@code state}. */
    public static boolean has(SQLException e, String state) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (state.equals(current.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
