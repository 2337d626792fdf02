-- The spam classifier's token table (TokenStore). Every write first locks the one row of
-- cleanport_bayes_totals, so learning runs one message at a time across all nodes: learning is rare
-- (a report, a release), and the check of cleanport_bayes_messages, the token counts and the totals
-- then always agree. Instants are stored in UTC.
--
-- A token (at most 40 characters, TokenizedMessage) and in how many learned spam and ham messages it
-- occurred; last_seen is the last time a learned message carried it, for purging rare old tokens.
CREATE TABLE cleanport_bayes_tokens (
    token VARCHAR(40) NOT NULL PRIMARY KEY,
    spam_count INTEGER NOT NULL,
    ham_count INTEGER NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    CHECK (spam_count >= 0 AND ham_count >= 0)
);
CREATE INDEX cleanport_bayes_tokens_seen ON cleanport_bayes_tokens (last_seen);
-- Each learned message, by the SHA-256 of its sorted tokens (MessageKey), and the class it was
-- learned as: learning it again is then a no-op, or a move to the other class.
CREATE TABLE cleanport_bayes_messages (
    digest CHAR(64) NOT NULL PRIMARY KEY,
    learned_as VARCHAR(4) NOT NULL,
    learned_at TIMESTAMP NOT NULL,
    CHECK (learned_as IN ('spam', 'ham'))
);
-- How many messages of each class were learned (the default model's included), and the write lock.
CREATE TABLE cleanport_bayes_totals (
    id INTEGER NOT NULL PRIMARY KEY,
    spam_messages BIGINT NOT NULL,
    ham_messages BIGINT NOT NULL,
    CHECK (id = 1),
    CHECK (spam_messages >= 0 AND ham_messages >= 0)
);
INSERT INTO cleanport_bayes_totals (id, spam_messages, ham_messages) VALUES (1, 0, 0);
