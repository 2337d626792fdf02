-- Greylisting. Every SMTP-time read and write finds its row by primary key; purges walk the
-- expires_at indexes. Instants are stored in UTC.
--
-- A triplet: id is the base64url SHA-256 of network, sender and recipient (GreylistKey.id()); the
-- parts are kept for display. expires_at is first_seen + retry window while greylisted
-- (passed_at NULL), the end of its whitelisting once passed.
CREATE TABLE cleanport_greylist_triplets (
    id CHAR(43) NOT NULL PRIMARY KEY,
    network VARCHAR(64) NOT NULL,
    sender VARCHAR(320) NOT NULL,
    recipient VARCHAR(320) NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    passed_at TIMESTAMP,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX cleanport_greylist_triplets_expiry ON cleanport_greylist_triplets (expires_at);
-- A client network (IPv4 /24, IPv6 /64) and how many distinct triplets of it passed; at the
-- configured threshold it is whitelisted as a whole until expires_at (renewed by use).
CREATE TABLE cleanport_greylist_networks (
    network VARCHAR(64) NOT NULL PRIMARY KEY,
    passed_triplets INTEGER NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX cleanport_greylist_networks_expiry ON cleanport_greylist_networks (expires_at);
