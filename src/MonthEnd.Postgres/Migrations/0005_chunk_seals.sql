-- Each staged chunk's seal: what the worker counted and summed in the entries it wrote, recorded by
-- the transaction that wrote them, with that transaction's id. At commit the database groups the
-- staged rows by the transaction that wrote each one (xmin) and compares counts, number ranges and
-- sums with the seals. When every row is a sealed chunk's and every chunk's rows are all there as
-- sealed, the batch's staging facts are the seals' and no staged row is read back; any difference
-- (a row inserted, updated or deleted since, a seal missing) and every staged row is measured, as
-- before this migration. Chunks staged before it have no seal, so their batches are measured.
CREATE TABLE staging_chunk_seal (
    batch_id               TEXT     NOT NULL REFERENCES staging_month_end_master (batch_id),
    partition_no           INTEGER  NOT NULL,
    from_record            BIGINT   NOT NULL,
    chunk_xid              XID8     NOT NULL,
    header_count           BIGINT   NOT NULL,
    premium_header_count   BIGINT   NOT NULL,
    claim_header_count     BIGINT   NOT NULL,
    min_je_id              BIGINT,
    max_je_id              BIGINT,
    out_of_range_entries   BIGINT   NOT NULL,
    duplicate_entries      BIGINT   NOT NULL,
    line_count             BIGINT   NOT NULL,
    unbalanced_entries     BIGINT   NOT NULL,
    header_line_mismatches BIGINT   NOT NULL,
    orphan_lines           BIGINT   NOT NULL,
    malformed_lines        BIGINT   NOT NULL,
    sample_bad_entries     BIGINT[] NOT NULL,
    total_debit            NUMERIC  NOT NULL,
    total_credit           NUMERIC  NOT NULL,
    premium_entries_debit  NUMERIC  NOT NULL,
    claim_entries_debit    NUMERIC  NOT NULL,
    tabarru_net            NUMERIC  NOT NULL,
    tanahud_net            NUMERIC  NOT NULL,
    ujroh_net              NUMERIC  NOT NULL,
    sealed_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, partition_no, from_record)
);
