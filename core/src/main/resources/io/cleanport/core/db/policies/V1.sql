-- Domain and per-recipient policies. Documents are the rendered JSON of PolicyCodec.
CREATE TABLE cleanport_domain_policies (
    name VARCHAR(253) NOT NULL PRIMARY KEY,
    document VARCHAR(32000) NOT NULL,
    updated TIMESTAMP NOT NULL
);
CREATE TABLE cleanport_user_policies (
    domain_name VARCHAR(253) NOT NULL,
    local_part VARCHAR(64) NOT NULL,
    document VARCHAR(32000) NOT NULL,
    updated TIMESTAMP NOT NULL,
    PRIMARY KEY (domain_name, local_part),
    FOREIGN KEY (domain_name) REFERENCES cleanport_domain_policies (name) ON DELETE CASCADE
);
