-- Each chunk's facts (counts, sums, content digest), written by the transaction that staged the
-- chunk, from the very entries it wrote (Staging/ChunkSeals.cs). Amounts are 128-bit sen as text.
CREATE TABLE staging_chunk_seal (
    partition_no           INTEGER NOT NULL,
    from_record            INTEGER NOT NULL,
    header_count           INTEGER NOT NULL,
    premium_header_count   INTEGER NOT NULL,
    claim_header_count     INTEGER NOT NULL,
    min_je_id              INTEGER,
    max_je_id              INTEGER,
    out_of_range_entries   INTEGER NOT NULL,
    duplicate_entries      INTEGER NOT NULL,
    line_count             INTEGER NOT NULL,
    unbalanced_entries     INTEGER NOT NULL,
    header_line_mismatches INTEGER NOT NULL,
    orphan_lines           INTEGER NOT NULL,
    malformed_lines        INTEGER NOT NULL,
    sample_bad_entries     TEXT    NOT NULL,
    total_debit            TEXT    NOT NULL,
    total_credit           TEXT    NOT NULL,
    premium_entries_debit  TEXT    NOT NULL,
    claim_entries_debit    TEXT    NOT NULL,
    tabarru_net            TEXT    NOT NULL,
    tanahud_net            TEXT    NOT NULL,
    ujroh_net              TEXT    NOT NULL,
    content_digest         TEXT    NOT NULL,
    PRIMARY KEY (partition_no, from_record)
);

-- The file's change counter as this product's last write left it, and whether every write since
-- the file was built was this product's (Staging/StagingWriteChain.cs). One row.
CREATE TABLE staging_write_chain (
    one            INTEGER PRIMARY KEY CHECK (one = 1),
    change_counter INTEGER NOT NULL,
    unbroken       INTEGER NOT NULL CHECK (unbroken IN (0, 1))
);
