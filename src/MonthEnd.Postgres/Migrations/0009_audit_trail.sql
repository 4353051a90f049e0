-- The audit trail (the original design's audit_batch_operations): who did what, when, from where,
-- with what outcome, one row per operation, refusal or sensitive read. The rows form one chain:
-- each row's mac is HMAC-SHA256(key, previous_mac || the row's canonical bytes, version
-- chain_version), keyed with a secret kept outside the database (MonthEnd.Core.Audit.AuditChain),
-- so an edited, deleted, inserted or rewritten row shows. Appends from any number of processes
-- take one transaction-level advisory lock before reading the last row, so the chain never forks.
--
-- operation_details and the states are TEXT, not jsonb (which reorders keys and drops duplicates)
-- nor json (whose parser and .NET's disagree on edge cases): kept byte for byte, as the MAC covers
-- them. ip_address is TEXT, not inet, for the same reason (inet rewrites what it is given).
-- performed_at keeps microseconds, the precision the chain serializes.
CREATE TABLE audit_batch_operations (
    audit_id          BIGINT      PRIMARY KEY CHECK (audit_id >= 1),
    batch_id          TEXT,
    operation         TEXT        NOT NULL,
    performed_by      TEXT        NOT NULL,
    performed_at      TIMESTAMPTZ NOT NULL,
    ip_address        TEXT,
    user_agent        TEXT,
    operation_details TEXT        NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('SUCCESS', 'FAILED')),
    before_state      TEXT,
    after_state       TEXT,
    chain_version     INTEGER     NOT NULL,
    previous_mac      BYTEA       NOT NULL CHECK (octet_length(previous_mac) = 32),
    mac               BYTEA       NOT NULL CHECK (octet_length(mac) = 32)
);

CREATE INDEX ix_audit_batch_operations_batch ON audit_batch_operations (batch_id, performed_at);
CREATE INDEX ix_audit_batch_operations_user ON audit_batch_operations (performed_by, performed_at);
CREATE INDEX ix_audit_batch_operations_operation ON audit_batch_operations (operation, performed_at);

-- How many journal lines each partition's records make, counted by the pre-flight beside the
-- content digest; a committed batch's seal in the trail (BATCH_SEALED) carries it per JE range, so
-- a verification can say in which range lines went missing. NULL for batches planned before.
ALTER TABLE staging_worker_partition ADD COLUMN line_count BIGINT CHECK (line_count >= 0);
