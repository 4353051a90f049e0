-- A batch's staging file: the entries its workers wrote, before validation and commit. One file per
-- batch, so that archiving after the commit is moving the file, and clearing staging costs nothing.
CREATE TABLE staging_file (
    batch_id   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE staging_je_header (
    je_number      INTEGER PRIMARY KEY,
    partition_no   INTEGER NOT NULL,
    je_date        TEXT    NOT NULL,
    je_type        TEXT    NOT NULL,
    reference_type TEXT    NOT NULL,
    reference_id   INTEGER NOT NULL,
    template_code  TEXT    NOT NULL,
    description    TEXT,
    total_debit    INTEGER NOT NULL,
    total_credit   INTEGER NOT NULL
);

CREATE TABLE staging_je_line (
    je_number     INTEGER NOT NULL,
    line_number   INTEGER NOT NULL,
    account_code  TEXT    NOT NULL,
    fund_type     TEXT,
    debit_amount  INTEGER NOT NULL,
    credit_amount INTEGER NOT NULL,
    description   TEXT,
    PRIMARY KEY (je_number, line_number)
) WITHOUT ROWID;
