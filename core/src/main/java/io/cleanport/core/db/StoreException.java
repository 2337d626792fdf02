package io.cleanport.core.db;

import java.sql.SQLException;
import java.util.Optional;

/** A store could not do its work because the database failed. Unchecked: callers rarely can recover. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /** The SQLState of the underlying {@link SQLException}, when there is one. */
    public Optional<String> sqlState() {
        return getCause() instanceof SQLException sql ? Optional.ofNullable(sql.getSQLState()) : Optional.empty();
    }
}
