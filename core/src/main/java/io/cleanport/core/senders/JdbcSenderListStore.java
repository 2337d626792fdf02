package io.cleanport.core.senders;

import static io.cleanport.core.senders.ScopeColumns.count;
import static io.cleanport.core.senders.ScopeColumns.localPart;
import static io.cleanport.core.senders.ScopeColumns.update;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.SchemaMigrator;
import io.cleanport.core.db.SqlState;
import io.cleanport.core.db.StoreException;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.PolicyValidationException;

/**
 * {@link SenderListStore} on Derby or PostgreSQL, one table, one code path of standard SQL. The schema
 * (component {@code senders}) is migrated when the store is created.
 *
 * <p>Every call reads the database: put a {@link CachingSenderListStore} in front of it for the mail
 * pipeline. The per-scope limit is checked before inserting, so nodes adding to the same scope at the
 * same moment may overshoot it by a few entries.
 */
public final class JdbcSenderListStore implements SenderListStore {
    public static final String COMPONENT = "senders";
    static final String MIGRATIONS = "/io/cleanport/core/db/senders/";
    private static final String TABLE = "cleanport_sender_lists";

    private final Database database;
    private final int maxEntriesPerScope;

    /** Opens the store with {@link #DEFAULT_MAX_ENTRIES_PER_SCOPE}, creating or upgrading its table first. */
    public JdbcSenderListStore(Database database) {
        this(database, DEFAULT_MAX_ENTRIES_PER_SCOPE);
    }

    /** @param maxEntriesPerScope how many entries one scope may hold, at least 1 */
    public JdbcSenderListStore(Database database, int maxEntriesPerScope) {
        if (maxEntriesPerScope < 1) {
            throw new IllegalArgumentException("maxEntriesPerScope must be at least 1, got " + maxEntriesPerScope);
        }
        this.database = database;
        this.maxEntriesPerScope = maxEntriesPerScope;
        SchemaMigrator.fromResourceFolder(COMPONENT, MIGRATIONS).migrate(database);
    }

    @Override
    public boolean add(SenderListScope scope, ListKind kind, SenderPattern pattern) {
        String domain = scope.domainName().name();
        String local = localPart(scope);
        return database.withConnection(connection -> {
            Optional<ListKind> current = kindOf(connection, domain, local, pattern);
            if (current.isPresent()) {
                return current.get() != kind && moveTo(connection, kind, domain, local, pattern);
            }
            if (count(connection, TABLE, domain, local) >= maxEntriesPerScope) {
                throw new SenderListFullException(scope, maxEntriesPerScope);
            }
            try {
                update(connection, "INSERT INTO " + TABLE + " (list_kind, domain_name, local_part, pattern, created)"
                    + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)", kind.key(), domain, local, pattern.value());
                return true;
            } catch (SQLException e) {
                if (!SqlState.isUniqueViolation(e)) {
                    throw e;
                }
                // Added at the same moment by another node or thread: make sure it is on our list.
                return moveTo(connection, kind, domain, local, pattern);
            }
        });
    }

    @Override
    public boolean remove(SenderListScope scope, ListKind kind, SenderPattern pattern) {
        return database.withConnection(connection -> update(connection,
            "DELETE FROM " + TABLE + " WHERE domain_name = ? AND local_part = ? AND pattern = ? AND list_kind = ?",
            scope.domainName().name(), localPart(scope), pattern.value(), kind.key()) > 0);
    }

    @Override
    public SenderLists list(SenderListScope scope) {
        return database.withConnection(connection -> {
            List<SenderListEntry> entries = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT pattern, list_kind FROM " + TABLE + " WHERE domain_name = ? AND local_part = ?")) {
                select.setString(1, scope.domainName().name());
                select.setString(2, localPart(scope));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(entry(scope, rows.getString(1), rows.getString(2)));
                    }
                }
            }
            return SenderLists.of(entries);
        });
    }

    @Override
    public int removeDomain(DomainName domain) {
        return database.withConnection(connection ->
            update(connection, "DELETE FROM " + TABLE + " WHERE domain_name = ?", domain.name()));
    }

    private static Optional<ListKind> kindOf(Connection connection, String domain, String local, SenderPattern pattern)
        throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT list_kind FROM " + TABLE + " WHERE domain_name = ? AND local_part = ? AND pattern = ?")) {
            select.setString(1, domain);
            select.setString(2, local);
            select.setString(3, pattern.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(ListKind.parse(rows.getString(1))) : Optional.empty();
            }
        }
    }

    private static boolean moveTo(Connection connection, ListKind kind, String domain, String local, SenderPattern pattern)
        throws SQLException {
        return update(connection, "UPDATE " + TABLE + " SET list_kind = ?, created = CURRENT_TIMESTAMP"
            + " WHERE domain_name = ? AND local_part = ? AND pattern = ? AND list_kind <> ?",
            kind.key(), domain, local, pattern.value(), kind.key()) > 0;
    }

    private static SenderListEntry entry(SenderListScope scope, String pattern, String kind) {
        try {
            return new SenderListEntry(ListKind.parse(kind), SenderPattern.parse(pattern));
        } catch (PolicyValidationException e) {
            throw new StoreException("Stored sender list entry '" + pattern + "' (" + kind + ") of " + scope
                + " is unreadable: " + e.getMessage(), e);
        }
    }
}
