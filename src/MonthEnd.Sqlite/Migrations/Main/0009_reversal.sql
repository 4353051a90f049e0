-- migration: rebuilds tables (foreign keys off while it runs, checked before it commits)
-- Reversal by compensating entries (issue 12 item 5). A batch may now be REVERSED, and a batch of
-- kind REVERSAL names the batch it reverses, the date of its entries and whether its commit frees
-- the original's source rows. SQLite cannot change a CHECK in place: the master table is rebuilt
-- (https://sqlite.org/lang_altertable.html#otheralter), its rows, indexes and triggers kept.
CREATE TABLE staging_month_end_master_new (
    batch_id             TEXT    PRIMARY KEY,
    period               TEXT    NOT NULL,
    period_start         TEXT    NOT NULL,
    period_end           TEXT    NOT NULL,
    kind                 TEXT    NOT NULL DEFAULT 'MONTHEND' CHECK (kind IN ('MONTHEND', 'REVERSAL')),
    status               TEXT    NOT NULL CHECK (status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING',
                                                            'COMMITTED', 'FAILED', 'ABORTED', 'ROLLED_BACK', 'REVERSED')),
    rule_set_id          INTEGER NOT NULL REFERENCES posting_rule_set (rule_set_id),
    coa_version_id       INTEGER NOT NULL,
    sequence_start       INTEGER NOT NULL CHECK (sequence_start >= 1),
    sequence_end         INTEGER NOT NULL CHECK (sequence_end >= sequence_start - 1),
    premium_count        INTEGER NOT NULL,
    claim_count          INTEGER NOT NULL,
    expected_je_count    INTEGER NOT NULL CHECK (expected_je_count = sequence_end - sequence_start + 1),
    expected_line_count  INTEGER NOT NULL,
    actual_je_count      INTEGER,
    source_data_checksum TEXT    NOT NULL,
    premium_total        INTEGER NOT NULL,
    claim_total          INTEGER NOT NULL,
    worker_count         INTEGER NOT NULL,
    chunk_size           INTEGER NOT NULL,
    initiated_by         TEXT    NOT NULL,
    created_at           TEXT    NOT NULL,
    started_at           TEXT,
    validated_at         TEXT,
    committed_at         TEXT,
    archived_at          TEXT,
    status_reason        TEXT,
    staging_location     TEXT,
    archive_location     TEXT,
    updated_at           TEXT    NOT NULL,
    reverses_batch_id    TEXT,
    reversal_date        TEXT CHECK (reversal_date IS NULL OR (reversal_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(reversal_date) = reversal_date)),
    reset_source         INTEGER NOT NULL DEFAULT 0 CHECK (reset_source IN (0, 1)),
    CHECK ((kind = 'REVERSAL') = (reverses_batch_id IS NOT NULL AND reversal_date IS NOT NULL))
);

INSERT INTO staging_month_end_master_new (
    batch_id, period, period_start, period_end, kind, status, rule_set_id, coa_version_id, sequence_start, sequence_end,
    premium_count, claim_count, expected_je_count, expected_line_count, actual_je_count, source_data_checksum, premium_total,
    claim_total, worker_count, chunk_size, initiated_by, created_at, started_at, validated_at, committed_at, archived_at,
    status_reason, staging_location, archive_location, updated_at)
SELECT batch_id, period, period_start, period_end, kind, status, rule_set_id, coa_version_id, sequence_start, sequence_end,
       premium_count, claim_count, expected_je_count, expected_line_count, actual_je_count, source_data_checksum, premium_total,
       claim_total, worker_count, chunk_size, initiated_by, created_at, started_at, validated_at, committed_at, archived_at,
       status_reason, staging_location, archive_location, updated_at
FROM staging_month_end_master;

DROP TABLE staging_month_end_master;
ALTER TABLE staging_month_end_master_new RENAME TO staging_month_end_master;

-- One month-end batch per period at a time, committed ones included; a reversal sits beside it.
CREATE UNIQUE INDEX ux_master_one_batch_per_period ON staging_month_end_master (period)
    WHERE kind = 'MONTHEND' AND status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED', 'COMMITTED');
-- Two open batches planned on the same ledger state would take the same JE numbers.
CREATE UNIQUE INDEX ux_master_open_sequence ON staging_month_end_master (sequence_start)
    WHERE status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED');
-- A batch is reversed once: one reversal of it open or committed.
CREATE UNIQUE INDEX ux_master_one_reversal ON staging_month_end_master (reverses_batch_id)
    WHERE kind = 'REVERSAL' AND status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED', 'COMMITTED');

CREATE TRIGGER tr_master_period_closed_insert BEFORE INSERT ON staging_month_end_master
WHEN EXISTS (SELECT 1 FROM accounting_period WHERE period = NEW.period AND status = 'CLOSED')
BEGIN
    SELECT RAISE(ABORT, 'PERIOD_CLOSED: the accounting period is closed');
END;

-- A batch of a closed period may still become REVERSED: its reversal posts into the reversal date's
-- period (which the insert trigger above guards), the closed period's entries stay as they are.
CREATE TRIGGER tr_master_period_closed_update BEFORE UPDATE OF status ON staging_month_end_master
WHEN NEW.status <> OLD.status AND NEW.status IN ('COMMITTED', 'ROLLED_BACK')
    AND EXISTS (SELECT 1 FROM accounting_period WHERE period = NEW.period AND status = 'CLOSED')
BEGIN
    SELECT RAISE(ABORT, 'PERIOD_CLOSED: the accounting period is closed');
END;

-- Each mirror entry names the entry it reverses. NULL for every other entry; no index: reports find
-- a reversal's entries by its JE range, as every batch's.
ALTER TABLE journal_entry_header ADD COLUMN reverses_je_id INTEGER;
