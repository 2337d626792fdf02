-- Learned virus signatures (SignatureStore). One row per content, found by its SHA-256 (64 lower-case
-- hex digits); id numbers it for the WebAdmin routes. Adds and deletes first lock the one row of
-- cleanport_signature_changes, so ids are committed in ascending order and nodes read only the rows
-- after the last id they hold. similarity is SimilarityDigest.asBase64() (at most 4 KiB before
-- encoding), NULL for content too small for one. hits and last_hit are added to by every node.
CREATE TABLE cleanport_virus_signatures (
    id BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256 CHAR(64) NOT NULL,
    file_size BIGINT NOT NULL,
    similarity VARCHAR(8192),
    virus_name VARCHAR(128) NOT NULL,
    source VARCHAR(8) NOT NULL,
    evidence VARCHAR(500) NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    hits BIGINT NOT NULL,
    last_hit TIMESTAMP,
    CONSTRAINT cleanport_virus_signatures_sha256 UNIQUE (sha256),
    CHECK (source IN ('rule', 'clamd', 'admin')),
    CHECK (file_size >= 0 AND hits >= 0)
);
-- The change counter nodes poll (SignatureStore.changeCount()): one row, incremented in the transaction
-- of every add and delete, and the lock that orders them.
CREATE TABLE cleanport_signature_changes (
    id INTEGER NOT NULL PRIMARY KEY,
    change_count BIGINT NOT NULL,
    CHECK (id = 1)
);
INSERT INTO cleanport_signature_changes (id, change_count) VALUES (1, 0);
