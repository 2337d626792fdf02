package io.cleanport.core.antivirus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeMap;

import io.cleanport.core.db.Database;
import io.cleanport.core.db.SchemaMigrator;
import io.cleanport.core.db.SqlState;
import io.cleanport.core.db.StoreException;
import io.cleanport.core.scan.SimilarityDigest;

/**
 * {@link SignatureStore} on Derby or PostgreSQL, one code path of standard SQL. The schema (component
 * {@code signatures}) is migrated when the store is created.
 *
 * <p>Adds and deletes lock the one row of the change counter before anything else, and count the change
 * in the same transaction: they run one at a time across all nodes (they are rare: one per new virus),
 * which commits ids in ascending order, as {@link #listAfter} readers need, and lets two nodes learning
 * the same content at once find each other's row instead of failing. Hit counts are added by batches in
 * one transaction, in id order, so nodes flushing at the same moment cannot deadlock. Instants are stored
 * as UTC {@code TIMESTAMP}s, so nodes in different time zones agree.
 */
public final class JdbcSignatureStore implements SignatureStore {
    public static final String COMPONENT = "signatures";
    static final String MIGRATIONS = "/io/cleanport/core/db/signatures/";
    private static final String TABLE = "cleanport_virus_signatures";
    private static final String CHANGES = "cleanport_signature_changes";
    private static final String COLUMNS =
        "id, sha256, file_size, similarity, virus_name, source, evidence, first_seen, hits, last_hit";
    /** Rows fetched per round trip when reading many: all of them at once would be held twice in memory. */
    private static final int FETCH_SIZE = 500;

    private final Database database;

    /** Opens the store, creating or upgrading its tables first. */
    public JdbcSignatureStore(Database database) {
        this.database = Objects.requireNonNull(database, "database");
        SchemaMigrator.fromResourceFolder(COMPONENT, MIGRATIONS).migrate(database);
    }

    @Override
    public VirusSignature add(NewSignature signature, Instant now) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(now, "now");
        // Learning what is known already is the common case (the same virus in many messages): one read.
        Optional<VirusSignature> known = database.withConnection(connection -> find(connection, signature.sha256()));
        if (known.isPresent()) {
            return known.get();
        }
        try {
            return database.inTransaction(connection -> {
                lockChanges(connection);
                Optional<VirusSignature> raced = find(connection, signature.sha256());
                if (raced.isPresent()) {
                    return raced.get();
                }
                insert(connection, signature, now);
                countChange(connection);
                return find(connection, signature.sha256()).orElseThrow(() ->
                    new SQLException("signature " + signature.sha256() + " not found right after it was inserted"));
            });
        } catch (StoreException e) {
            // Only a writer that skipped the lock (an older node, a hand-made row) can get here.
            if (e.getCause() instanceof SQLException sql && SqlState.isUniqueViolation(sql)) {
                return database.withConnection(connection -> find(connection, signature.sha256())).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    @Override
    public List<VirusSignature> all() {
        return listAfter(0);
    }

    @Override
    public List<VirusSignature> listAfter(long afterId) {
        // In a transaction: PostgreSQL fetches by FETCH_SIZE only outside auto-commit.
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE id > ? ORDER BY id")) {
                select.setFetchSize(FETCH_SIZE);
                select.setLong(1, afterId);
                List<VirusSignature> signatures = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        signatures.add(signature(rows));
                    }
                }
                return List.copyOf(signatures);
            }
        });
    }

    @Override
    public long[] ids() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + TABLE + " ORDER BY id")) {
                select.setFetchSize(FETCH_SIZE * 20);
                long[] ids = new long[64];
                int count = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (count == ids.length) {
                            ids = Arrays.copyOf(ids, count * 2);
                        }
                        ids[count++] = rows.getLong(1);
                    }
                }
                return Arrays.copyOf(ids, count);
            }
        });
    }

    @Override
    public Optional<VirusSignature> get(long id) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(signature(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(long id) {
        return database.inTransaction(connection -> {
            lockChanges(connection);
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
                delete.setLong(1, id);
                deleted = delete.executeUpdate();
            }
            if (deleted > 0) {
                countChange(connection);
            }
            return deleted > 0;
        });
    }

    @Override
    public void recordHits(Map<Long, Long> hitsById, Instant at) {
        Objects.requireNonNull(at, "at");
        // Sorted: two nodes updating the same rows lock them in the same order.
        TreeMap<Long, Long> sorted = new TreeMap<>(hitsById);
        sorted.values().forEach(JdbcSignatureStore::checkHits);
        if (sorted.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                + " SET hits = hits + ?, last_hit = CASE WHEN last_hit IS NULL OR last_hit < ? THEN CAST(? AS TIMESTAMP)"
                + " ELSE last_hit END"
                + " WHERE id = ?")) {
                for (Map.Entry<Long, Long> hits : sorted.entrySet()) {
                    update.setLong(1, hits.getValue());
                    setInstant(update, 2, at);
                    setInstant(update, 3, at);
                    update.setLong(4, hits.getKey());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long changeCount() {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT change_count FROM " + CHANGES
                + " WHERE id = 1");
                 ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException(CHANGES + " has lost its row");
                }
                return rows.getLong(1);
            }
        });
    }

    private static void checkHits(Long hits) {
        if (hits == null || hits < 1) {
            throw new IllegalArgumentException("hitsById: " + hits + " hits; each count must be positive");
        }
    }

    /** Waits for, then holds until commit, the row lock that orders adds and deletes. */
    private static void lockChanges(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("UPDATE " + CHANGES
            + " SET change_count = change_count WHERE id = 1")) {
            lock.executeUpdate();
        }
    }

    private static void countChange(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("UPDATE " + CHANGES
            + " SET change_count = change_count + 1 WHERE id = 1")) {
            if (count.executeUpdate() != 1) {
                throw new SQLException(CHANGES + " has lost its row");
            }
        }
    }

    private static Optional<VirusSignature> find(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
            + " WHERE sha256 = ?")) {
            select.setString(1, sha256);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(signature(rows)) : Optional.empty();
            }
        }
    }

    private static void insert(Connection connection, NewSignature signature, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
            + " (sha256, file_size, similarity, virus_name, source, evidence, first_seen, hits, last_hit)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL)")) {
            insert.setString(1, signature.sha256());
            insert.setLong(2, signature.size());
            insert.setString(3, signature.similarity().map(SimilarityDigest::asBase64).orElse(null));
            insert.setString(4, signature.virusName());
            insert.setString(5, signature.source().jsonValue());
            insert.setString(6, signature.evidence());
            setInstant(insert, 7, now);
            insert.executeUpdate();
        }
    }

    /** The signature of the current row of {@code rows} (columns {@link #COLUMNS}), validated again. */
    private static VirusSignature signature(ResultSet rows) throws SQLException {
        long id = rows.getLong(1);
        try {
            String digest = rows.getString(4);
            Timestamp lastHit = rows.getTimestamp(10, utc());
            return new VirusSignature(id, rows.getString(2).trim(), rows.getLong(3),
                Optional.ofNullable(digest).map(SimilarityDigest::fromBase64), rows.getString(5),
                SignatureSource.parse("source", rows.getString(6)), rows.getString(7),
                rows.getTimestamp(8, utc()).toInstant(), rows.getLong(9),
                Optional.ofNullable(lastHit).map(Timestamp::toInstant));
        } catch (IllegalArgumentException e) {
            throw new StoreException("Stored virus signature " + id + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setTimestamp(index, Timestamp.from(instant), utc());
    }
}
