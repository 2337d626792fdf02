package io.cleanport.core.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.SchemaMigrator;
import io.cleanport.core.db.SqlState;
import io.cleanport.core.db.StoreException;

/**
 * {@link PolicyStore} on Derby or PostgreSQL, with one code path of standard SQL. Policies are stored
 * as the JSON rendered by {@link PolicyCodec}. The schema (component {@code policies}) is migrated
 * when the store is created.
 *
 * <p>Every call reads the database: put a {@link CachingPolicyStore} in front of it for SMTP-time use.
 */
public final class JdbcPolicyStore implements PolicyStore {
    public static final String COMPONENT = "policies";
    static final String MIGRATIONS = "/io/cleanport/core/db/policies/";
    /** The size of the document columns. */
    static final int MAX_STORED_DOCUMENT = 32000;

    private static final String DOMAINS = "cleanport_domain_policies";
    private static final String USERS = "cleanport_user_policies";

    private final Database database;
    private final PolicyCodec codec = new PolicyCodec();

    /** Opens the store, creating or upgrading its tables first. */
    public JdbcPolicyStore(Database database) {
        this.database = database;
        SchemaMigrator.fromResourceFolder(COMPONENT, MIGRATIONS).migrate(database);
    }

    @Override
    public void putDomain(DomainName domain, DomainPolicy policy) {
        String document = storable(codec.render(policy));
        database.withConnection(connection -> {
            upsert(connection,
                "UPDATE " + DOMAINS + " SET document = ?, updated = CURRENT_TIMESTAMP WHERE name = ?",
                "INSERT INTO " + DOMAINS + " (document, name, updated) VALUES (?, ?, CURRENT_TIMESTAMP)",
                document, domain.name());
            return null;
        });
    }

    @Override
    public Optional<DomainPolicy> domain(DomainName domain) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT document FROM " + DOMAINS + " WHERE name = ?")) {
                select.setString(1, domain.name());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(parseDomain(domain.name(), rows.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<DomainName> domains() {
        return database.withConnection(connection -> {
            List<DomainName> domains = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT name FROM " + DOMAINS);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    domains.add(DomainName.of(rows.getString(1)));
                }
            }
            // Sorted here rather than by ORDER BY: PostgreSQL collations and Derby order text differently.
            domains.sort(null);
            return List.copyOf(domains);
        });
    }

    @Override
    public boolean deleteDomain(DomainName domain) {
        return database.inTransaction(connection -> {
            // The foreign key cascades too; deleting the users explicitly keeps the intent visible.
            update(connection, "DELETE FROM " + USERS + " WHERE domain_name = ?", domain.name());
            return update(connection, "DELETE FROM " + DOMAINS + " WHERE name = ?", domain.name()) > 0;
        });
    }

    @Override
    public void putUser(DomainName domain, String localPart, UserPolicy policy) {
        String local = LocalPart.of(localPart).value();
        String document = storable(codec.render(policy));
        database.withConnection(connection -> {
            try {
                upsert(connection,
                    "UPDATE " + USERS + " SET document = ?, updated = CURRENT_TIMESTAMP WHERE domain_name = ? AND local_part = ?",
                    "INSERT INTO " + USERS + " (document, domain_name, local_part, updated) VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                    document, domain.name(), local);
            } catch (SQLException e) {
                if (SqlState.isForeignKeyViolation(e)) {
                    throw new UnknownDomainException(domain);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public Optional<UserPolicy> user(DomainName domain, String localPart) {
        String local = LocalPart.of(localPart).value();
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT document FROM " + USERS + " WHERE domain_name = ? AND local_part = ?")) {
                select.setString(1, domain.name());
                select.setString(2, local);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(parseUser(domain, local, rows.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Map<String, UserPolicy> users(DomainName domain) {
        return database.withConnection(connection -> {
            Map<String, UserPolicy> users = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT local_part, document FROM " + USERS + " WHERE domain_name = ?")) {
                select.setString(1, domain.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        users.put(rows.getString(1), parseUser(domain, rows.getString(1), rows.getString(2)));
                    }
                }
            }
            return java.util.Collections.unmodifiableMap(users);
        });
    }

    @Override
    public boolean deleteUser(DomainName domain, String localPart) {
        String local = LocalPart.of(localPart).value();
        return database.withConnection(connection ->
            update(connection, "DELETE FROM " + USERS + " WHERE domain_name = ? AND local_part = ?", domain.name(), local) > 0);
    }

    @Override
    public List<Cidr> relayNetworks() {
        return database.withConnection(connection -> {
            Set<Cidr> networks = new LinkedHashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT name, document FROM " + DOMAINS);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    networks.addAll(parseDomain(rows.getString(1), rows.getString(2)).relayNetworks());
                }
            }
            return List.copyOf(networks);
        });
    }

    /** Update, else insert; a concurrent insert of the same key (another node) turns into an update. */
    private static void upsert(Connection connection, String updateSql, String insertSql, String... parameters) throws SQLException {
        if (update(connection, updateSql, parameters) > 0) {
            return;
        }
        try {
            update(connection, insertSql, parameters);
        } catch (SQLException e) {
            if (!SqlState.isUniqueViolation(e)) {
                throw e;
            }
            update(connection, updateSql, parameters);
        }
    }

    private static int update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static String storable(String document) {
        if (document.length() > MAX_STORED_DOCUMENT) {
            throw new PolicyValidationException("$", "the policy is too large to store (" + document.length()
                + " characters, at most " + MAX_STORED_DOCUMENT + ")");
        }
        return document;
    }

    private DomainPolicy parseDomain(String domain, String document) {
        try {
            return codec.parseDomain(document);
        } catch (PolicyValidationException e) {
            throw new StoreException("Stored policy of domain " + domain + " is unreadable: " + e.getMessage(), e);
        }
    }

    private UserPolicy parseUser(DomainName domain, String localPart, String document) {
        try {
            return codec.parseUser(document);
        } catch (PolicyValidationException e) {
            throw new StoreException("Stored policy of " + localPart + "@" + domain + " is unreadable: " + e.getMessage(), e);
        }
    }
}
