package io.cleanport.core.senders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.cleanport.core.policy.LocalPart;

/**
 * How the JDBC stores keyed by a {@link SenderListScope} (sender lists, content rules) write the scope:
 * columns {@code domain_name} and {@code local_part}, the latter empty for a domain scope (so that the
 * pair can be a key without a nullable column).
 */
public final class ScopeColumns {
    /** The {@code local_part} of a domain scope. */
    public static final String DOMAIN_SCOPE = "";

    private ScopeColumns() {
    }

    /** The {@code local_part} column's value for {@code scope}. */
    public static String localPart(SenderListScope scope) {
        return scope.localPart().map(LocalPart::value).orElse(DOMAIN_SCOPE);
    }

    /** How many rows of {@code table} belong to the scope ({@code domain}, {@code local}). */
    public static int count(Connection connection, String table, String domain, String local) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT COUNT(*) FROM " + table + " WHERE domain_name = ? AND local_part = ?")) {
            select.setString(1, domain);
            select.setString(2, local);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Runs an update whose parameters are all strings; the number of rows changed. */
    public static int update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
