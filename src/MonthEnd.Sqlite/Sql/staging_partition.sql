-- One partition's staged entries. A table pair per partition keeps every insert an append at the
-- end of its B-tree, whichever partitions the workers are on at the same time (two writers
-- inserting into the middle of one table measured ~25% slower), and the commit copies them to the
-- ledger partition by partition, in JE number order.
CREATE TABLE staging_je_header_p{partition} (
    je_id          INTEGER PRIMARY KEY,
    je_number      INTEGER NOT NULL,
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

CREATE TABLE staging_je_line_p{partition} (
    je_id         INTEGER NOT NULL,
    line_number   INTEGER NOT NULL,
    account_code  TEXT    NOT NULL,
    fund_type     TEXT,
    debit_amount  INTEGER NOT NULL,
    credit_amount INTEGER NOT NULL,
    description   TEXT,
    PRIMARY KEY (je_id, line_number)
) WITHOUT ROWID;
