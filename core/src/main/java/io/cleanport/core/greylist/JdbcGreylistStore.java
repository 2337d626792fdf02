package io.cleanport.core.greylist;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.SchemaMigrator;
import io.cleanport.core.db.SqlState;

/**
 * {@link GreylistStore} on Derby or PostgreSQL, with one code path of standard SQL. The schema
 * (component {@code greylist}) is migrated when the store is created.
 *
 * <p>A lookup is one statement probing both primary keys; a first attempt is one insert, and a
 * duplicate key there (two nodes seeing the same triplet at once) means the triplet is already known.
 * Instants are stored as UTC {@code TIMESTAMP}s, so nodes in different time zones agree.
 */
public final class JdbcGreylistStore implements GreylistStore {
    public static final String COMPONENT = "greylist";
    static final String MIGRATIONS = "/io/cleanport/core/db/greylist/";
    static final String TRIPLETS = "cleanport_greylist_triplets";
    static final String NETWORKS = "cleanport_greylist_networks";
    static final int MAX_ADDRESS_COLUMN = 320;

    private static final String LOOKUP = "SELECT 'T', first_seen, passed_at, expires_at, 0 FROM " + TRIPLETS + " WHERE id = ?"
        + " UNION ALL SELECT 'N', CAST(NULL AS TIMESTAMP), CAST(NULL AS TIMESTAMP), expires_at, passed_triplets FROM "
        + NETWORKS + " WHERE network = ?";
    private static final String INSERT_TRIPLET = "INSERT INTO " + TRIPLETS
        + " (id, network, sender, recipient, first_seen, passed_at, expires_at) VALUES (?, ?, ?, ?, ?, NULL, ?)";
    private static final String RESTART_TRIPLET = "UPDATE " + TRIPLETS
        + " SET first_seen = ?, passed_at = NULL, expires_at = ? WHERE id = ? AND expires_at <= ?";
    private static final String MARK_PASSED = "UPDATE " + TRIPLETS
        + " SET passed_at = ?, expires_at = ? WHERE id = ? AND passed_at IS NULL AND expires_at > ?";
    private static final String RENEW_TRIPLET = "UPDATE " + TRIPLETS + " SET expires_at = ? WHERE id = ?";
    private static final String COUNT_NETWORK_PASS = "UPDATE " + NETWORKS
        + " SET passed_triplets = CASE WHEN expires_at <= ? THEN 1 ELSE passed_triplets + 1 END, expires_at = ? WHERE network = ?";
    private static final String INSERT_NETWORK = "INSERT INTO " + NETWORKS + " (network, passed_triplets, expires_at) VALUES (?, 1, ?)";
    private static final String NETWORK_COUNT = "SELECT passed_triplets FROM " + NETWORKS + " WHERE network = ?";
    private static final String RENEW_NETWORK = "UPDATE " + NETWORKS + " SET expires_at = ? WHERE network = ?";

    private final Database database;

    /** Opens the store, creating or upgrading its tables first. */
    public JdbcGreylistStore(Database database) {
        this.database = database;
        SchemaMigrator.fromResourceFolder(COMPONENT, MIGRATIONS).migrate(database);
    }

    @Override
    public Lookup lookup(GreylistKey key) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(LOOKUP)) {
                select.setString(1, key.id());
                select.setString(2, key.network());
                Optional<Triplet> triplet = Optional.empty();
                Optional<Network> network = Optional.empty();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if ("T".equals(rows.getString(1))) {
                            triplet = Optional.of(new Triplet(instant(rows, 2), Optional.ofNullable(nullableInstant(rows, 3)),
                                instant(rows, 4)));
                        } else {
                            network = Optional.of(new Network(rows.getInt(5), instant(rows, 4)));
                        }
                    }
                }
                return new Lookup(triplet, network);
            }
        });
    }

    @Override
    public boolean startTriplet(GreylistKey key, Instant firstSeen, Instant expiresAt) {
        return database.withConnection(connection -> {
            // The usual case is a triplet never seen: one insert. An expired entry of the same key
            // makes it fail, and is then restarted in place.
            try (PreparedStatement insert = connection.prepareStatement(INSERT_TRIPLET)) {
                insert.setString(1, key.id());
                insert.setString(2, key.network());
                insert.setString(3, column(key.sender()));
                insert.setString(4, column(key.recipient()));
                setInstant(insert, 5, firstSeen);
                setInstant(insert, 6, expiresAt);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!SqlState.isUniqueViolation(e)) {
                    throw e;
                }
            }
            try (PreparedStatement restart = connection.prepareStatement(RESTART_TRIPLET)) {
                setInstant(restart, 1, firstSeen);
                setInstant(restart, 2, expiresAt);
                restart.setString(3, key.id());
                setInstant(restart, 4, firstSeen);
                return restart.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean markPassed(GreylistKey key, Instant passedAt, Instant expiresAt) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(MARK_PASSED)) {
                setInstant(update, 1, passedAt);
                setInstant(update, 2, expiresAt);
                update.setString(3, key.id());
                setInstant(update, 4, passedAt);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void renewTriplet(GreylistKey key, Instant expiresAt) {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(RENEW_TRIPLET)) {
                setInstant(update, 1, expiresAt);
                update.setString(2, key.id());
                return update.executeUpdate();
            }
        });
    }

    @Override
    public int recordNetworkPass(String network, Instant now, Instant expiresAt) {
        return database.inTransaction(connection -> {
            if (countNetworkPass(connection, network, now, expiresAt) == 0 && !insertNetwork(connection, network, expiresAt)) {
                // Another node inserted it first and has committed: count this pass on its row.
                countNetworkPass(connection, network, now, expiresAt);
            }
            try (PreparedStatement select = connection.prepareStatement(NETWORK_COUNT)) {
                select.setString(1, network);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getInt(1) : 1;
                }
            }
        });
    }

    private static int countNetworkPass(Connection connection, String network, Instant now, Instant expiresAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(COUNT_NETWORK_PASS)) {
            setInstant(update, 1, now);
            setInstant(update, 2, expiresAt);
            update.setString(3, network);
            return update.executeUpdate();
        }
    }

    /**
     * @return false if another node inserted the network at the same moment. The savepoint keeps the
     *     transaction usable after the duplicate key (PostgreSQL would abort it otherwise).
     */
    private static boolean insertNetwork(Connection connection, String network, Instant expiresAt) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(INSERT_NETWORK)) {
            insert.setString(1, network);
            setInstant(insert, 2, expiresAt);
            insert.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!SqlState.isUniqueViolation(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }

    @Override
    public void renewNetwork(String network, Instant expiresAt) {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(RENEW_NETWORK)) {
                setInstant(update, 1, expiresAt);
                update.setString(2, network);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public int purgeExpired(Instant now, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        int triplets = purge(TRIPLETS, "id", now, maxEntries);
        int networks = triplets < maxEntries ? purge(NETWORKS, "network", now, maxEntries - triplets) : 0;
        return triplets + networks;
    }

    /**
     * Selects the oldest expired keys, then deletes them by key in one batch. The delete repeats the
     * expiry condition, so an entry renewed in between (by another node) stays.
     */
    private int purge(String table, String keyColumn, Instant now, int limit) {
        List<String> keys = database.withConnection(connection -> {
            List<String> expired = new ArrayList<>();
            // The limit is an int checked above, inlined: both databases accept a literal there.
            try (PreparedStatement select = connection.prepareStatement("SELECT " + keyColumn + " FROM " + table
                + " WHERE expires_at < ? ORDER BY expires_at FETCH FIRST " + limit + " ROWS ONLY")) {
                setInstant(select, 1, now);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        expired.add(rows.getString(1));
                    }
                }
            }
            return expired;
        });
        if (keys.isEmpty()) {
            return 0;
        }
        return database.inTransaction(connection -> {
            int deleted = 0;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE " + keyColumn
                + " = ? AND expires_at < ?")) {
                for (String key : keys) {
                    delete.setString(1, key);
                    setInstant(delete, 2, now);
                    delete.addBatch();
                }
                for (int count : delete.executeBatch()) {
                    // SUCCESS_NO_INFO (-2) is a deleted row whose count the driver did not report.
                    deleted += count == PreparedStatement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
                }
            }
            return deleted;
        });
    }

    private static String column(String address) {
        // The key digests the whole address; the column only displays it.
        return address.length() <= MAX_ADDRESS_COLUMN ? address : address.substring(0, MAX_ADDRESS_COLUMN);
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setTimestamp(index, Timestamp.from(instant), utc());
    }

    private static Instant instant(ResultSet rows, int index) throws SQLException {
        Instant value = nullableInstant(rows, index);
        if (value == null) {
            throw new SQLException("Unexpected NULL in column " + index + " of the greylist lookup");
        }
        return value;
    }

    private static Instant nullableInstant(ResultSet rows, int index) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(index, utc());
        return timestamp == null ? null : timestamp.toInstant();
    }
}
