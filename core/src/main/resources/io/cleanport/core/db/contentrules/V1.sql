-- Content rules (ContentRuleStore). One row per rule; id is ContentRule.id(), 10 characters of Crockford
-- base32, unique across scopes so that a log line or a quarantine reason names one rule. local_part is
-- '' for a domain's own rules (a real local part is never empty). seq keeps the creation order (two
-- rules may be created within one timestamp tick). rule_value is ContentRule.value(), normalised;
-- rule_action and rule_description are NULL when absent. No foreign key to the policies: the
-- components migrate independently.
CREATE TABLE cleanport_content_rules (
    id CHAR(10) NOT NULL PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    domain_name VARCHAR(253) NOT NULL,
    local_part VARCHAR(64) NOT NULL,
    rule_type VARCHAR(16) NOT NULL,
    rule_value VARCHAR(1200) NOT NULL,
    rule_action VARCHAR(10),
    rule_description VARCHAR(200),
    created TIMESTAMP NOT NULL,
    CHECK (rule_type IN ('sender', 'senderDomain', 'attachment', 'content', 'header', 'size')),
    CHECK (rule_action IN ('quarantine', 'delete', 'tag'))
);
CREATE INDEX cleanport_content_rules_scope ON cleanport_content_rules (domain_name, local_part, seq);
