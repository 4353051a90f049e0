-- MonthEnd schema, SQLite. Amounts are INTEGER minor units (sen): 400,000.00 IDR = 40000000.
-- Dates are TEXT 'YYYY-MM-DD'; timestamps TEXT ISO-8601 UTC.

-- Source: owned upstream, loaded as it comes. No NOT NULL or UNIQUE here on purpose: the batch's
-- pre-flight must see and name a NULL field or a duplicate id instead of the load failing silently.
CREATE TABLE premium_transaction (
    txn_id          INTEGER,
    policy_id       INTEGER,
    txn_date        TEXT,
    payment_date    TEXT,
    premium_amount  INTEGER,
    fund_tabarru    INTEGER,
    fund_tanahud    INTEGER,
    fund_ujroh      INTEGER,
    product_code    TEXT,
    plan_code       TEXT,
    payment_method  TEXT,
    status          TEXT,
    batch_processed INTEGER NOT NULL DEFAULT 0 CHECK (batch_processed IN (0, 1)),
    batch_id        TEXT,
    je_created_at   TEXT
);
-- Only unprocessed rows are ever scanned; the index shrinks as months are committed.
CREATE INDEX ix_premium_transaction_unprocessed ON premium_transaction (txn_id) WHERE batch_processed = 0;

CREATE TABLE claims_transaction (
    claim_id        INTEGER,
    policy_id       INTEGER,
    claim_date      TEXT,
    claim_type      TEXT,
    claim_amount    INTEGER,
    status          TEXT,
    batch_processed INTEGER NOT NULL DEFAULT 0 CHECK (batch_processed IN (0, 1)),
    batch_id        TEXT,
    je_created_at   TEXT
);
CREATE INDEX ix_claims_transaction_unprocessed ON claims_transaction (claim_id) WHERE batch_processed = 0;

-- Reference data: versioned posting rules and what they contain.
CREATE TABLE posting_rule_set (
    rule_set_id    INTEGER PRIMARY KEY,
    version        INTEGER NOT NULL UNIQUE,
    sha256         TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    coa_version_id INTEGER NOT NULL,
    content        TEXT    NOT NULL,
    loaded_at      TEXT    NOT NULL,
    loaded_by      TEXT    NOT NULL
);

CREATE TABLE chart_of_accounts (
    coa_version_id INTEGER NOT NULL,
    account_code   TEXT    NOT NULL,
    account_name   TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    fund_type      TEXT CHECK (fund_type IN ('TABARRU', 'TANAHUD', 'UJROH')),
    PRIMARY KEY (coa_version_id, account_code)
);

CREATE TABLE posting_template (
    rule_set_id   INTEGER NOT NULL REFERENCES posting_rule_set (rule_set_id),
    template_code TEXT    NOT NULL,
    source_type   TEXT    NOT NULL CHECK (source_type IN ('PREMIUM', 'CLAIM')),
    je_type       TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    PRIMARY KEY (rule_set_id, template_code)
);

CREATE TABLE posting_template_line (
    rule_set_id   INTEGER NOT NULL,
    template_code TEXT    NOT NULL,
    line_number   INTEGER NOT NULL,
    side          TEXT    NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
    account_code  TEXT    NOT NULL,
    fund_type     TEXT,
    amount_field  TEXT    NOT NULL,
    memo          TEXT,
    PRIMARY KEY (rule_set_id, template_code, line_number),
    FOREIGN KEY (rule_set_id, template_code) REFERENCES posting_template (rule_set_id, template_code)
);

CREATE TABLE takaful_product (
    rule_set_id          INTEGER NOT NULL REFERENCES posting_rule_set (rule_set_id),
    product_code         TEXT    NOT NULL,
    product_name         TEXT    NOT NULL,
    tabarru_basis_points INTEGER NOT NULL,
    tanahud_basis_points INTEGER NOT NULL,
    ujroh_basis_points   INTEGER NOT NULL,
    rounding             TEXT    NOT NULL,
    PRIMARY KEY (rule_set_id, product_code)
);

CREATE TABLE claim_type_route (
    rule_set_id   INTEGER NOT NULL REFERENCES posting_rule_set (rule_set_id),
    claim_type    TEXT    NOT NULL,
    template_code TEXT    NOT NULL,
    fund_type     TEXT    NOT NULL,
    PRIMARY KEY (rule_set_id, claim_type)
);

CREATE TABLE fund_balance (
    fund_type       TEXT    PRIMARY KEY CHECK (fund_type IN ('TABARRU', 'TANAHUD', 'UJROH')),
    current_balance INTEGER NOT NULL,
    last_updated    TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
);

-- Ledger. je_id is je_number: numbers are gap-free and unique across batches, so the number is
-- the key, and lines need no join to find their header. A batch's entries are the contiguous
-- range staging_month_end_master.sequence_start..sequence_end, which is how reports and
-- rollback find them without an index on batch_id.
CREATE TABLE journal_entry_header (
    je_id            INTEGER PRIMARY KEY,
    je_number        INTEGER NOT NULL CHECK (je_number = je_id),
    je_date          TEXT    NOT NULL,
    je_type          TEXT    NOT NULL,
    reference_type   TEXT    NOT NULL,
    reference_id     INTEGER NOT NULL,
    description      TEXT,
    total_debit      INTEGER NOT NULL CHECK (total_debit >= 0),
    total_credit     INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    coa_version_id   INTEGER NOT NULL,
    template_code    TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    posted_by        TEXT    NOT NULL,
    posted_at        TEXT    NOT NULL,
    batch_id         TEXT    NOT NULL,
    batch_created_at TEXT    NOT NULL,
    CHECK (total_debit = total_credit)
);

CREATE TABLE journal_entry_line (
    je_id         INTEGER NOT NULL,
    line_number   INTEGER NOT NULL,
    account_code  TEXT    NOT NULL,
    -- OR, not IN (...): SQLite evaluates a CHECK per row, and an IN list measured ~0.7 µs a row.
    fund_type     TEXT CHECK (fund_type = 'TABARRU' OR fund_type = 'TANAHUD' OR fund_type = 'UJROH'),
    debit_amount  INTEGER NOT NULL CHECK (debit_amount >= 0),
    credit_amount INTEGER NOT NULL CHECK (credit_amount >= 0),
    description   TEXT,
    PRIMARY KEY (je_id, line_number)
) WITHOUT ROWID;

-- Batch control.
CREATE TABLE staging_month_end_master (
    batch_id             TEXT    PRIMARY KEY,
    period               TEXT    NOT NULL,
    period_start         TEXT    NOT NULL,
    period_end           TEXT    NOT NULL,
    kind                 TEXT    NOT NULL DEFAULT 'MONTHEND',
    status               TEXT    NOT NULL CHECK (status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING',
                                                            'COMMITTED', 'FAILED', 'ABORTED', 'ROLLED_BACK')),
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
    updated_at           TEXT    NOT NULL
);
-- One batch per period at a time, committed ones included: enforced here, not by check-then-insert.
CREATE UNIQUE INDEX ux_master_one_batch_per_period ON staging_month_end_master (period)
    WHERE status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED', 'COMMITTED');
-- Two open batches planned on the same ledger state would take the same JE numbers.
CREATE UNIQUE INDEX ux_master_open_sequence ON staging_month_end_master (sequence_start)
    WHERE status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED');

CREATE TABLE staging_worker_partition (
    batch_id                 TEXT    NOT NULL REFERENCES staging_month_end_master (batch_id),
    partition_no             INTEGER NOT NULL,
    source_type              TEXT    NOT NULL CHECK (source_type IN ('PREMIUM', 'CLAIM')),
    first_source_id          INTEGER NOT NULL,
    last_source_id           INTEGER NOT NULL,
    first_position           INTEGER NOT NULL,
    record_count             INTEGER NOT NULL,
    sequence_start           INTEGER NOT NULL,
    sequence_end             INTEGER NOT NULL,
    status                   TEXT    NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')),
    records_processed        INTEGER NOT NULL DEFAULT 0 CHECK (records_processed BETWEEN 0 AND record_count),
    last_source_id_processed INTEGER,
    lease_owner              TEXT,
    lease_token              TEXT,
    lease_expires_at_ms      INTEGER,
    heartbeat_at_ms          INTEGER,
    attempts                 INTEGER NOT NULL DEFAULT 0,
    error                    TEXT,
    started_at               TEXT,
    completed_at             TEXT,
    PRIMARY KEY (batch_id, partition_no)
);

CREATE TABLE staging_validation_result (
    batch_id       TEXT    NOT NULL REFERENCES staging_month_end_master (batch_id),
    validation_run INTEGER NOT NULL,
    check_no       INTEGER NOT NULL,
    check_code     TEXT    NOT NULL,
    passed         INTEGER NOT NULL CHECK (passed IN (0, 1)),
    expected       TEXT    NOT NULL,
    actual         TEXT    NOT NULL,
    message        TEXT    NOT NULL,
    checked_at     TEXT    NOT NULL,
    PRIMARY KEY (batch_id, validation_run, check_no)
);

CREATE TABLE batch_lifecycle_log (
    event_id   INTEGER PRIMARY KEY,
    batch_id   TEXT NOT NULL,
    event      TEXT NOT NULL,
    event_time TEXT NOT NULL,
    details    TEXT NOT NULL
);
CREATE INDEX ix_batch_lifecycle_log_batch ON batch_lifecycle_log (batch_id, event_id);
