-- MonthEnd schema, PostgreSQL 15+. Amounts are NUMERIC(18,2); dates DATE; timestamps TIMESTAMPTZ.

-- Source: owned upstream, loaded as it comes. No NOT NULL or UNIQUE on purpose: the batch's
-- pre-flight must see and name a NULL field or a duplicate id.
CREATE TABLE premium_transaction (
    row_id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txn_id          BIGINT,
    policy_id       BIGINT,
    txn_date        DATE,
    payment_date    DATE,
    premium_amount  NUMERIC(18, 2),
    fund_tabarru    NUMERIC(18, 2),
    fund_tanahud    NUMERIC(18, 2),
    fund_ujroh      NUMERIC(18, 2),
    product_code    TEXT,
    plan_code       TEXT,
    payment_method  TEXT,
    status          TEXT,
    batch_processed BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id        TEXT,
    je_created_at   TIMESTAMPTZ
);
-- Only unprocessed rows are ever scanned; the index shrinks as months are committed.
CREATE INDEX ix_premium_transaction_unprocessed ON premium_transaction (txn_id) WHERE NOT batch_processed;

CREATE TABLE claims_transaction (
    row_id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id        BIGINT,
    policy_id       BIGINT,
    claim_date      DATE,
    claim_type      TEXT,
    claim_amount    NUMERIC(18, 2),
    status          TEXT,
    batch_processed BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id        TEXT,
    je_created_at   TIMESTAMPTZ
);
CREATE INDEX ix_claims_transaction_unprocessed ON claims_transaction (claim_id) WHERE NOT batch_processed;

-- Reference data: versioned posting rules and what they contain.
CREATE TABLE posting_rule_set (
    rule_set_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version        INTEGER     NOT NULL UNIQUE,
    sha256         TEXT        NOT NULL,
    description    TEXT        NOT NULL,
    coa_version_id INTEGER     NOT NULL,
    content        TEXT        NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    loaded_by      TEXT        NOT NULL
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
    rule_set_id   BIGINT NOT NULL REFERENCES posting_rule_set (rule_set_id),
    template_code TEXT   NOT NULL,
    source_type   TEXT   NOT NULL CHECK (source_type IN ('PREMIUM', 'CLAIM')),
    je_type       TEXT   NOT NULL,
    description   TEXT   NOT NULL,
    PRIMARY KEY (rule_set_id, template_code)
);

CREATE TABLE posting_template_line (
    rule_set_id   BIGINT   NOT NULL,
    template_code TEXT     NOT NULL,
    line_number   SMALLINT NOT NULL,
    side          TEXT     NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
    account_code  TEXT     NOT NULL,
    fund_type     TEXT,
    amount_field  TEXT     NOT NULL,
    memo          TEXT,
    PRIMARY KEY (rule_set_id, template_code, line_number),
    FOREIGN KEY (rule_set_id, template_code) REFERENCES posting_template (rule_set_id, template_code)
);

CREATE TABLE takaful_product (
    rule_set_id          BIGINT  NOT NULL REFERENCES posting_rule_set (rule_set_id),
    product_code         TEXT    NOT NULL,
    product_name         TEXT    NOT NULL,
    tabarru_basis_points INTEGER NOT NULL,
    tanahud_basis_points INTEGER NOT NULL,
    ujroh_basis_points   INTEGER NOT NULL,
    rounding             TEXT    NOT NULL,
    PRIMARY KEY (rule_set_id, product_code)
);

CREATE TABLE claim_type_route (
    rule_set_id   BIGINT NOT NULL REFERENCES posting_rule_set (rule_set_id),
    claim_type    TEXT   NOT NULL,
    template_code TEXT   NOT NULL,
    fund_type     TEXT   NOT NULL,
    PRIMARY KEY (rule_set_id, claim_type)
);

CREATE TABLE fund_balance (
    fund_type       TEXT           PRIMARY KEY CHECK (fund_type IN ('TABARRU', 'TANAHUD', 'UJROH')),
    current_balance NUMERIC(18, 2) NOT NULL,
    last_updated    TIMESTAMPTZ    NOT NULL,
    updated_by      TEXT           NOT NULL
);

-- Ledger, partitioned by JE number: each committed batch is one partition, the range of numbers it
-- took. A batch's staging tables are built with the partitions' shape and attached at commit, so
-- the commit does not copy rows; and because the partition key is the JE number, the primary key
-- keeps JE numbers unique across every batch (LIST partitions by batch could not).
CREATE TABLE journal_entry_header (
    je_id            BIGINT         NOT NULL,
    je_number        BIGINT         NOT NULL CHECK (je_number = je_id),
    je_date          DATE           NOT NULL,
    je_type          TEXT           NOT NULL,
    reference_type   TEXT           NOT NULL,
    reference_id     BIGINT         NOT NULL,
    description      TEXT,
    total_debit      NUMERIC(18, 2) NOT NULL CHECK (total_debit >= 0),
    total_credit     NUMERIC(18, 2) NOT NULL,
    status           TEXT           NOT NULL,
    coa_version_id   INTEGER        NOT NULL,
    template_code    TEXT           NOT NULL,
    created_by       TEXT           NOT NULL,
    posted_by        TEXT           NOT NULL,
    posted_at        TIMESTAMPTZ    NOT NULL,
    batch_id         TEXT           NOT NULL,
    batch_created_at TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (je_id),
    CHECK (total_debit = total_credit)
) PARTITION BY RANGE (je_id);

CREATE TABLE journal_entry_line (
    je_id         BIGINT         NOT NULL,
    line_number   SMALLINT       NOT NULL,
    account_code  TEXT           NOT NULL,
    fund_type     TEXT CHECK (fund_type IN ('TABARRU', 'TANAHUD', 'UJROH')),
    debit_amount  NUMERIC(18, 2) NOT NULL CHECK (debit_amount >= 0),
    credit_amount NUMERIC(18, 2) NOT NULL CHECK (credit_amount >= 0),
    description   TEXT,
    PRIMARY KEY (je_id, line_number)
) PARTITION BY RANGE (je_id);

-- Entries written outside any batch (manual postings, tests) land here.
CREATE TABLE journal_entry_header_default PARTITION OF journal_entry_header DEFAULT;
CREATE TABLE journal_entry_line_default PARTITION OF journal_entry_line DEFAULT;

-- Batch control.
CREATE TABLE staging_month_end_master (
    batch_id             TEXT           PRIMARY KEY,
    batch_key            BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    period               TEXT           NOT NULL,
    period_start         DATE           NOT NULL,
    period_end           DATE           NOT NULL,
    kind                 TEXT           NOT NULL DEFAULT 'MONTHEND',
    status               TEXT           NOT NULL CHECK (status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING',
                                                                  'COMMITTED', 'FAILED', 'ABORTED', 'ROLLED_BACK')),
    rule_set_id          BIGINT         NOT NULL REFERENCES posting_rule_set (rule_set_id),
    coa_version_id       INTEGER        NOT NULL,
    sequence_start       BIGINT         NOT NULL CHECK (sequence_start >= 1),
    sequence_end         BIGINT         NOT NULL CHECK (sequence_end >= sequence_start - 1),
    premium_count        BIGINT         NOT NULL,
    claim_count          BIGINT         NOT NULL,
    expected_je_count    BIGINT         NOT NULL CHECK (expected_je_count = sequence_end - sequence_start + 1),
    expected_line_count  BIGINT         NOT NULL,
    actual_je_count      BIGINT,
    source_data_checksum TEXT           NOT NULL,
    premium_total        NUMERIC(18, 2) NOT NULL,
    claim_total          NUMERIC(18, 2) NOT NULL,
    worker_count         INTEGER        NOT NULL,
    chunk_size           INTEGER        NOT NULL,
    initiated_by         TEXT           NOT NULL,
    created_at           TIMESTAMPTZ    NOT NULL DEFAULT now(),
    started_at           TIMESTAMPTZ,
    validated_at         TIMESTAMPTZ,
    committed_at         TIMESTAMPTZ,
    archived_at          TIMESTAMPTZ,
    status_reason        TEXT,
    staging_location     TEXT,
    archive_location     TEXT,
    updated_at           TIMESTAMPTZ    NOT NULL DEFAULT now()
);
-- One batch per period at a time, committed ones included: enforced here, not by check-then-insert.
CREATE UNIQUE INDEX ux_master_one_batch_per_period ON staging_month_end_master (period)
    WHERE status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED', 'COMMITTED');
-- Two open batches planned on the same ledger state would take the same JE numbers.
CREATE UNIQUE INDEX ux_master_open_sequence ON staging_month_end_master (sequence_start)
    WHERE status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED');

CREATE TABLE staging_worker_partition (
    batch_id                 TEXT        NOT NULL REFERENCES staging_month_end_master (batch_id),
    partition_no             INTEGER     NOT NULL,
    source_type              TEXT        NOT NULL CHECK (source_type IN ('PREMIUM', 'CLAIM')),
    first_source_id          BIGINT      NOT NULL,
    last_source_id           BIGINT      NOT NULL,
    first_position           BIGINT      NOT NULL,
    record_count             BIGINT      NOT NULL,
    sequence_start           BIGINT      NOT NULL,
    sequence_end             BIGINT      NOT NULL,
    status                   TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')),
    records_processed        BIGINT      NOT NULL DEFAULT 0 CHECK (records_processed BETWEEN 0 AND record_count),
    last_source_id_processed BIGINT,
    lease_owner              TEXT,
    lease_token              TEXT,
    lease_expires_at         TIMESTAMPTZ,
    heartbeat_at             TIMESTAMPTZ,
    attempts                 INTEGER     NOT NULL DEFAULT 0,
    error                    TEXT,
    started_at               TIMESTAMPTZ,
    completed_at             TIMESTAMPTZ,
    PRIMARY KEY (batch_id, partition_no)
);

CREATE TABLE staging_validation_result (
    batch_id       TEXT        NOT NULL REFERENCES staging_month_end_master (batch_id),
    validation_run INTEGER     NOT NULL,
    check_no       INTEGER     NOT NULL,
    check_code     TEXT        NOT NULL,
    passed         BOOLEAN     NOT NULL,
    expected       TEXT        NOT NULL,
    actual         TEXT        NOT NULL,
    message        TEXT        NOT NULL,
    checked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, validation_run, check_no)
);

CREATE TABLE batch_lifecycle_log (
    event_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id   TEXT        NOT NULL,
    event      TEXT        NOT NULL,
    event_time TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    details    TEXT        NOT NULL
);
CREATE INDEX ix_batch_lifecycle_log_batch ON batch_lifecycle_log (batch_id, event_id);
