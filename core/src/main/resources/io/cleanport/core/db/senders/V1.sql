-- Sender allow and block lists (SenderListStore). One row per entry; a pattern is on one list of a
-- scope at most, so the primary key leaves list_kind out. local_part is '' for a domain's own lists
-- (a real local part is never empty); pattern is SenderPattern.value(): 'bob@example.org' or
-- '@example.org'. No foreign key to the policies: the components migrate independently.
CREATE TABLE cleanport_sender_lists (
    domain_name VARCHAR(253) NOT NULL,
    local_part VARCHAR(64) NOT NULL,
    pattern VARCHAR(320) NOT NULL,
    list_kind VARCHAR(5) NOT NULL,
    created TIMESTAMP NOT NULL,
    PRIMARY KEY (domain_name, local_part, pattern),
    CHECK (list_kind IN ('allow', 'block'))
);
