package io.cleanport.core.db;

import java.sql.SQLException;

/**
 * A unit of JDBC work that may throw {@link SQLException}; {@link Database} wraps that in a
 * {@link StoreException}.
 *
 * @param <A> what the work receives, usually a {@link java.sql.Connection}
 * @param <R> what the work returns
 */
@FunctionalInterface
public interface SqlFunction<A, R> {
    R apply(A input) throws SQLException;
}
