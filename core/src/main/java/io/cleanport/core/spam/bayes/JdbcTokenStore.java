package io.cleanport.core.spam.bayes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.SchemaMigrator;

/**
 * {@link TokenStore} on Derby or PostgreSQL, one code path of standard SQL. The schema (component
 * {@code bayes}) is migrated when the store is created.
 *
 * <p>Every write is one transaction that first locks the one row of the totals table: learning runs one
 * message at a time across all nodes (it is rare: a report, a release), so the check of the learned
 * message, the token updates and inserts, and the totals always agree, and nodes cannot deadlock on
 * token rows. The tokens of a message are read, updated and inserted by JDBC batches. Reads (what the
 * classifier does for every message) take no lock.
 */
public final class JdbcTokenStore implements TokenStore {
    public static final String COMPONENT = "bayes";
    static final String MIGRATIONS = "/io/cleanport/core/db/bayes/";
    static final String TOKENS = "cleanport_bayes_tokens";
    static final String MESSAGES = "cleanport_bayes_messages";
    static final String TOTALS = "cleanport_bayes_totals";
    /**
     * Tokens looked up per statement. Always this many parameters (the last token repeated), so each
     * database compiles and caches one statement rather than one per list length.
     */
    static final int LOOKUP_CHUNK = 500;
    /** Rows per JDBC batch when importing a model: large enough to be fast, small enough to stay light. */
    private static final int IMPORT_BATCH = 1000;

    private static final String SELECT_COUNTS = "SELECT token, spam_count, ham_count FROM " + TOKENS
        + " WHERE token IN (" + "?, ".repeat(LOOKUP_CHUNK - 1) + "?)";
    private static final String INSERT_TOKEN = "INSERT INTO " + TOKENS
        + " (token, spam_count, ham_count, last_seen) VALUES (?, ?, ?, ?)";
    private static final String DELETE_UNUSED_TOKEN = "DELETE FROM " + TOKENS
        + " WHERE token = ? AND spam_count = 0 AND ham_count = 0";
    private static final String LOCK = "UPDATE " + TOTALS + " SET spam_messages = spam_messages WHERE id = 1";
    private static final String ADD_TO_TOTALS = "UPDATE " + TOTALS
        + " SET spam_messages = spam_messages + ?, ham_messages = ham_messages + ? WHERE id = 1";

    private final Database database;
    private final Clock clock;

    /** Opens the store, creating or upgrading its tables first. */
    public JdbcTokenStore(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
        SchemaMigrator.fromResourceFolder(COMPONENT, MIGRATIONS).migrate(database);
    }

    @Override
    public LearnedTotals totals() {
        return database.withConnection(JdbcTokenStore::totals);
    }

    @Override
    public Map<String, TokenCounts> counts(Collection<String> tokens) {
        List<String> valid = tokens.stream().filter(TokenizedMessage::isValidToken).distinct().toList();
        if (valid.isEmpty()) {
            return Map.of();
        }
        return database.withConnection(connection -> counts(connection, valid));
    }

    @Override
    public Optional<MessageClass> learnedAs(MessageKey key) {
        return database.withConnection(connection -> learnedAs(connection, key));
    }

    @Override
    public LearnOutcome learn(TokenizedMessage message, MessageClass messageClass) {
        Objects.requireNonNull(messageClass, "messageClass");
        Timestamp now = Timestamp.from(clock.instant());
        return database.inTransaction(connection -> {
            lock(connection);
            Optional<MessageClass> learned = learnedAs(connection, message.key());
            if (learned.isPresent() && learned.get() == messageClass) {
                return LearnOutcome.ALREADY_LEARNED;
            }
            if (learned.isPresent()) {
                subtract(connection, message, learned.get());
            }
            add(connection, message, messageClass, now);
            String sql = learned.isPresent()
                ? "UPDATE " + MESSAGES + " SET learned_as = ?, learned_at = ? WHERE digest = ?"
                : "INSERT INTO " + MESSAGES + " (learned_as, learned_at, digest) VALUES (?, ?, ?)";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, messageClass.asString());
                statement.setTimestamp(2, now, utc());
                statement.setString(3, message.key().sha256());
                statement.executeUpdate();
            }
            int spam = messageClass == MessageClass.SPAM ? 1 : learned.isPresent() ? -1 : 0;
            int ham = messageClass == MessageClass.HAM ? 1 : learned.isPresent() ? -1 : 0;
            addToTotals(connection, spam, ham);
            return learned.isPresent() ? LearnOutcome.MOVED : LearnOutcome.LEARNED;
        });
    }

    @Override
    public boolean forget(TokenizedMessage message) {
        return database.inTransaction(connection -> {
            lock(connection);
            Optional<MessageClass> learned = learnedAs(connection, message.key());
            if (learned.isEmpty()) {
                return false;
            }
            subtract(connection, message, learned.get());
            try (PreparedStatement delete = connection.prepareStatement(DELETE_UNUSED_TOKEN)) {
                for (String token : message.tokens()) {
                    delete.setString(1, token);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + MESSAGES + " WHERE digest = ?")) {
                delete.setString(1, message.key().sha256());
                delete.executeUpdate();
            }
            addToTotals(connection, learned.get() == MessageClass.SPAM ? -1 : 0, learned.get() == MessageClass.HAM ? -1 : 0);
            return true;
        });
    }

    @Override
    public boolean importIfEmpty(BayesModel model) {
        Timestamp now = Timestamp.from(clock.instant());
        return database.inTransaction(connection -> {
            lock(connection);
            if (!totals(connection).isEmpty() || hasRows(connection, TOKENS) || hasRows(connection, MESSAGES)) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT_TOKEN)) {
                int pending = 0;
                for (Map.Entry<String, TokenCounts> entry : model.tokens().entrySet()) {
                    insert.setString(1, entry.getKey());
                    insert.setInt(2, entry.getValue().spam());
                    insert.setInt(3, entry.getValue().ham());
                    insert.setTimestamp(4, now, utc());
                    insert.addBatch();
                    if (++pending == IMPORT_BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
            addToTotals(connection, model.totals().spamMessages(), model.totals().hamMessages());
            return true;
        });
    }

    @Override
    public int purgeRareTokens(Instant seenBefore, int maxTokens) {
        Objects.requireNonNull(seenBefore, "seenBefore");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        return database.inTransaction(connection -> {
            lock(connection);
            List<String> rare = new ArrayList<>();
            // The bound is an int checked above, inlined: both databases accept a literal there.
            try (PreparedStatement select = connection.prepareStatement("SELECT token FROM " + TOKENS
                + " WHERE last_seen < ? AND spam_count + ham_count <= 1 ORDER BY last_seen, token FETCH FIRST "
                + maxTokens + " ROWS ONLY")) {
                select.setTimestamp(1, Timestamp.from(seenBefore), utc());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        rare.add(rows.getString(1));
                    }
                }
            }
            if (rare.isEmpty()) {
                return 0;
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TOKENS + " WHERE token = ?")) {
                for (String token : rare) {
                    delete.setString(1, token);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return rare.size();
        });
    }

    @Override
    public void clear() {
        database.inTransaction(connection -> {
            lock(connection);
            try (PreparedStatement tokens = connection.prepareStatement("DELETE FROM " + TOKENS);
                 PreparedStatement messages = connection.prepareStatement("DELETE FROM " + MESSAGES);
                 PreparedStatement totals = connection.prepareStatement("UPDATE " + TOTALS
                     + " SET spam_messages = 0, ham_messages = 0 WHERE id = 1")) {
                tokens.executeUpdate();
                messages.executeUpdate();
                totals.executeUpdate();
            }
            return null;
        });
    }

    /** Adds one to each token's count of {@code messageClass}: updates the known tokens, inserts the others. */
    private static void add(Connection connection, TokenizedMessage message, MessageClass messageClass, Timestamp now)
        throws SQLException {
        Map<String, TokenCounts> known = counts(connection, List.copyOf(message.tokens()));
        String column = column(messageClass);
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TOKENS + " SET " + column + " = "
                + column + " + 1, last_seen = ? WHERE token = ?");
             PreparedStatement insert = connection.prepareStatement(INSERT_TOKEN)) {
            boolean updates = false;
            boolean inserts = false;
            for (String token : message.tokens()) {
                if (known.containsKey(token)) {
                    update.setTimestamp(1, now, utc());
                    update.setString(2, token);
                    update.addBatch();
                    updates = true;
                } else {
                    insert.setString(1, token);
                    insert.setInt(2, messageClass == MessageClass.SPAM ? 1 : 0);
                    insert.setInt(3, messageClass == MessageClass.HAM ? 1 : 0);
                    insert.setTimestamp(4, now, utc());
                    insert.addBatch();
                    inserts = true;
                }
            }
            if (updates) {
                update.executeBatch();
            }
            if (inserts) {
                insert.executeBatch();
            }
        }
    }

    /**
     * Takes one from each token's count of {@code messageClass}. Never below zero: a token purged and
     * learned again since the message was learned has less to give back.
     */
    private static void subtract(Connection connection, TokenizedMessage message, MessageClass messageClass)
        throws SQLException {
        String column = column(messageClass);
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TOKENS + " SET " + column + " = "
            + column + " - 1 WHERE token = ? AND " + column + " > 0")) {
            for (String token : message.tokens()) {
                update.setString(1, token);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static Map<String, TokenCounts> counts(Connection connection, List<String> tokens) throws SQLException {
        Map<String, TokenCounts> counts = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_COUNTS)) {
            for (int from = 0; from < tokens.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = tokens.subList(from, Math.min(tokens.size(), from + LOOKUP_CHUNK));
                for (int i = 0; i < LOOKUP_CHUNK; i++) {
                    select.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), new TokenCounts(rows.getInt(2), rows.getInt(3)));
                    }
                }
            }
        }
        return counts;
    }

    private static Optional<MessageClass> learnedAs(Connection connection, MessageKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT learned_as FROM " + MESSAGES
            + " WHERE digest = ?")) {
            select.setString(1, key.sha256());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(MessageClass.parse(rows.getString(1))) : Optional.empty();
            }
        }
    }

    private static LearnedTotals totals(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT spam_messages, ham_messages FROM " + TOTALS
            + " WHERE id = 1"); ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("the row of " + TOTALS + " is missing");
            }
            return new LearnedTotals(rows.getLong(1), rows.getLong(2));
        }
    }

    private static boolean hasRows(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY");
             ResultSet rows = select.executeQuery()) {
            return rows.next();
        }
    }

    /** Holds the totals row until commit: the one lock every writer takes first. */
    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            if (lock.executeUpdate() != 1) {
                throw new SQLException("the row of " + TOTALS + " is missing");
            }
        }
    }

    private static void addToTotals(Connection connection, long spam, long ham) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(ADD_TO_TOTALS)) {
            update.setLong(1, spam);
            update.setLong(2, ham);
            update.executeUpdate();
        }
    }

    private static String column(MessageClass messageClass) {
        return messageClass == MessageClass.SPAM ? "spam_count" : "ham_count";
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }
}
