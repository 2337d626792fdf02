package io.cleanport.core.content;

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
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.validation.FieldValidationException;

/**
 * {@link ContentRuleStore} on Derby or PostgreSQL, one table, one code path of standard SQL. The schema
 * (component {@code contentrules}) is migrated when the store is created.
 *
 * <p>Every call reads the database: put a {@link CachingContentRuleStore} in front of it for the mail
 * pipeline. The per-scope limit is checked before inserting, so nodes adding to the same scope at the
 * same moment may overshoot it by a few rules.
 */
public final class JdbcContentRuleStore implements ContentRuleStore {
    public static final String COMPONENT = "contentrules";
    static final String MIGRATIONS = "/io/cleanport/core/db/contentrules/";
    private static final String TABLE = "cleanport_content_rules";
    private static final String COLUMNS = "id, rule_type, rule_value, rule_action, rule_description";
    /** New ids tried when one is taken; with 50 random bits, a second try is already a rarity. */
    private static final int ID_ATTEMPTS = 5;

    private final Database database;
    private final int maxRulesPerScope;

    /** Opens the store with {@link #DEFAULT_MAX_RULES_PER_SCOPE}, creating or upgrading its table first. */
    public JdbcContentRuleStore(Database database) {
        this(database, DEFAULT_MAX_RULES_PER_SCOPE);
    }

    /** @param maxRulesPerScope how many rules one scope may hold, at least 1 */
    public JdbcContentRuleStore(Database database, int maxRulesPerScope) {
        if (maxRulesPerScope < 1) {
            throw new IllegalArgumentException("maxRulesPerScope must be at least 1, got " + maxRulesPerScope);
        }
        this.database = database;
        this.maxRulesPerScope = maxRulesPerScope;
        SchemaMigrator.fromResourceFolder(COMPONENT, MIGRATIONS).migrate(database);
    }

    @Override
    public ContentRule add(SenderListScope scope, ContentRule rule) {
        String domain = scope.domainName().name();
        String local = localPart(scope);
        return database.withConnection(connection -> {
            if (count(connection, TABLE, domain, local) >= maxRulesPerScope) {
                throw new ContentRuleLimitException(scope, maxRulesPerScope);
            }
            for (int attempt = 1; ; attempt++) {
                ContentRule stored = rule.withId(ContentRule.newId());
                try {
                    insert(connection, domain, local, stored);
                    return stored;
                } catch (SQLException e) {
                    if (!SqlState.isUniqueViolation(e) || attempt == ID_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        });
    }

    @Override
    public List<ContentRule> list(SenderListScope scope) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE domain_name = ? AND local_part = ? ORDER BY seq")) {
                select.setString(1, scope.domainName().name());
                select.setString(2, localPart(scope));
                List<ContentRule> rules = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        rules.add(rule(scope, rows));
                    }
                }
                return List.copyOf(rules);
            }
        });
    }

    @Override
    public Optional<ContentRule> get(SenderListScope scope, String id) {
        Optional<String> ruleId = ContentRule.tryParseId(id);
        if (ruleId.isEmpty()) {
            return Optional.empty();
        }
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE id = ? AND domain_name = ? AND local_part = ?")) {
                select.setString(1, ruleId.get());
                select.setString(2, scope.domainName().name());
                select.setString(3, localPart(scope));
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rule(scope, rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean remove(SenderListScope scope, String id) {
        Optional<String> ruleId = ContentRule.tryParseId(id);
        if (ruleId.isEmpty()) {
            return false;
        }
        return database.withConnection(connection -> update(connection,
            "DELETE FROM " + TABLE + " WHERE id = ? AND domain_name = ? AND local_part = ?",
            ruleId.get(), scope.domainName().name(), localPart(scope)) > 0);
    }

    @Override
    public int removeDomain(DomainName domain) {
        return database.withConnection(connection ->
            update(connection, "DELETE FROM " + TABLE + " WHERE domain_name = ?", domain.name()));
    }

    private static void insert(Connection connection, String domain, String local, ContentRule rule) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
            + " (id, domain_name, local_part, rule_type, rule_value, rule_action, rule_description, created)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, rule.id().orElseThrow());
            insert.setString(2, domain);
            insert.setString(3, local);
            insert.setString(4, rule.type().jsonValue());
            insert.setString(5, rule.value());
            insert.setString(6, rule.action().map(FilterAction::jsonValue).orElse(null));
            insert.setString(7, rule.description().orElse(null));
            insert.executeUpdate();
        }
    }

    /** The rule of the current row of {@code rows} (columns {@link #COLUMNS}), validated again. */
    private static ContentRule rule(SenderListScope scope, ResultSet rows) throws SQLException {
        String id = rows.getString(1);
        String type = rows.getString(2);
        String value = rows.getString(3);
        try {
            return ContentRule.parse(type, value, rows.getString(4), rows.getString(5)).withId(id);
        } catch (FieldValidationException e) {
            throw new StoreException("Stored content rule " + id + " (" + type + " '" + value + "') of " + scope
                + " is unreadable: " + e.getMessage(), e);
        }
    }
}
