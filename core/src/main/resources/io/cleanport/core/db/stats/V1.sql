-- Event counters: one row per counter (Counter.key()) and protected domain; domain '*' is the total.
-- Nodes add their increments (value = value + ?), so nodes sharing the database add up.
CREATE TABLE cleanport_counters (
    name VARCHAR(64) NOT NULL,
    domain VARCHAR(253) NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (name, domain)
);
