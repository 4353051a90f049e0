-- The audit trail (the original design's audit_batch_operations): who did what, when, from where,
-- with what outcome, one row per operation, refusal or sensitive read. The rows form one chain:
-- each row's mac is HMAC-SHA256(key, previous_mac || the row's canonical bytes, version
-- chain_version), keyed with a secret kept outside the database (MonthEnd.Core.Audit.AuditChain),
-- so an edited, deleted, inserted or rewritten row shows. Every append goes through the store's
-- writer lock, so processes append one after another and the chain never forks.
--
-- STRICT, so a value is stored as the type it was given and read back as it was MACed.
-- performed_at is UTC text to the microsecond, fixed width (it sorts as it reads). The JSON
-- columns are text, kept byte for byte: the MAC covers them as stored.
CREATE TABLE audit_batch_operations (
    audit_id          INTEGER PRIMARY KEY CHECK (audit_id >= 1),
    batch_id          TEXT,
    operation         TEXT    NOT NULL,
    performed_by      TEXT    NOT NULL,
    performed_at      TEXT    NOT NULL CHECK (performed_at GLOB
        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    ip_address        TEXT,
    user_agent        TEXT,
    operation_details TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('SUCCESS', 'FAILED')),
    before_state      TEXT,
    after_state       TEXT,
    chain_version     INTEGER NOT NULL,
    previous_mac      BLOB    NOT NULL CHECK (length(previous_mac) = 32),
    mac               BLOB    NOT NULL CHECK (length(mac) = 32)
) STRICT;

CREATE INDEX ix_audit_batch_operations_batch ON audit_batch_operations (batch_id, performed_at);
CREATE INDEX ix_audit_batch_operations_user ON audit_batch_operations (performed_by, performed_at);
CREATE INDEX ix_audit_batch_operations_operation ON audit_batch_operations (operation, performed_at);

-- How many journal lines each partition's records make, counted by the pre-flight beside the
-- content digest; a committed batch's seal in the trail (BATCH_SEALED) carries it per JE range, so
-- a verification can say in which range lines went missing. NULL for batches planned before.
ALTER TABLE staging_worker_partition ADD COLUMN line_count INTEGER CHECK (line_count >= 0);
