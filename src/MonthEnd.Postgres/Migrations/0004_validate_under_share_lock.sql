-- Validation and commit now share one transaction from its first statement, and what used to run
-- before it runs inside it, at the same time as the rest: the staged tables are locked in SHARE
-- mode (no session can write them, as before, but others may read and index them), their keys are
-- built as unique indexes on other connections while the transaction scans and marks the source,
-- and the indexes become the primary keys just before the tables are attached.
--
-- The batch's number range is a CHECK from the staging tables' creation, enforced on every row a
-- worker writes (an out-of-range number fails its chunk), so neither indexing nor attaching scans
-- for it. Staging created by an earlier version has no such CHECK; attaching then checks the range
-- by a scan, as PostgreSQL does for any partition without one.

-- The tables as 0002 makes them, then the range CHECK and autovacuum off. No autovacuum while
-- staged: it would scan the tables as the workers fill them (CPU taken from them), and the commit's
-- lock would wait for it to be cancelled (deadlock_timeout, a second a table). Made ready for the
-- ledger (below), they get it back: the ledger's partitions are vacuumed as any table.
CREATE FUNCTION monthend_create_staging(
    p_batch_key BIGINT, p_batch_id TEXT, p_batch_created_at TIMESTAMPTZ, p_coa INTEGER, p_first BIGINT, p_last BIGINT)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    t TEXT;
BEGIN
    PERFORM monthend_create_staging(p_batch_key, p_batch_id, p_batch_created_at, p_coa);
    FOREACH t IN ARRAY ARRAY[monthend_staging_header(p_batch_key), monthend_staging_line(p_batch_key)] LOOP
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (je_id >= %s AND je_id < %s)', t, t || '_range', p_first, p_last + 1);
        EXECUTE format('ALTER TABLE %I SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)', t);
    END LOOP;
END $$;

-- One staged table's key, as a unique index named like the primary key it will become. CREATE
-- INDEX takes a SHARE lock, which the commit's transaction holding SHARE does not block. A
-- duplicate JE number fails here (unique_violation); the staging measurement then counts it.
CREATE FUNCTION monthend_index_staging_key(p_batch_key BIGINT, p_table TEXT)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    t TEXT;
    k TEXT;
BEGIN
    CASE p_table
        WHEN 'header' THEN t := monthend_staging_header(p_batch_key); k := 'je_id';
        WHEN 'line' THEN t := monthend_staging_line(p_batch_key); k := 'je_id, line_number';
        ELSE RAISE EXCEPTION 'unknown staging table %', p_table;
    END CASE;
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS %I ON %I (%s)', t || '_pkey', t, k);
END $$;

DROP FUNCTION monthend_index_staging_table(BIGINT, TEXT, BIGINT, BIGINT);

-- Before attaching: the unique indexes become the primary keys the ledger's partitions need (no
-- scan: the index is taken over; staging keyed by an earlier version already has them), and
-- autovacuum is back on. Run by the commit's transaction, which then holds the tables exclusively
-- anyway to attach them (monthend_attach_staging, 0002).
CREATE FUNCTION monthend_ready_staging_for_ledger(p_batch_key BIGINT)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY[monthend_staging_header(p_batch_key), monthend_staging_line(p_batch_key)] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = t::regclass AND contype = 'p') THEN
            EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY USING INDEX %I', t, t || '_pkey', t || '_pkey');
        END IF;
        EXECUTE format('ALTER TABLE %I RESET (autovacuum_enabled, toast.autovacuum_enabled)', t);
    END LOOP;
END $$;

-- SHARE instead of EXCLUSIVE: it still conflicts with every write (ROW EXCLUSIVE and up), so what
-- is measured is what is attached; unlike EXCLUSIVE it lets other sessions build the keys.
CREATE OR REPLACE FUNCTION monthend_lock_staging(p_batch_key BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('LOCK TABLE %I, %I IN SHARE MODE', monthend_staging_header(p_batch_key), monthend_staging_line(p_batch_key));
END $$;

-- What the pre-flight learnt about the source, kept with the batch: the source's version (see
-- PostgresStore.SourceVersionSql) when it did not change during the pre-flight scan, and each
-- fund's allocations and the claims it bears. A commit that finds the source still at that version
-- takes these (with the checksum and totals already kept) instead of reading the source again.
ALTER TABLE staging_month_end_master ADD COLUMN source_version TEXT;

CREATE TABLE staging_source_fund_total (
    batch_id     TEXT           NOT NULL REFERENCES staging_month_end_master (batch_id),
    fund_type    TEXT           NOT NULL CHECK (fund_type IN ('TABARRU', 'TANAHUD', 'UJROH')),
    allocated    NUMERIC(18, 2) NOT NULL,
    claims_borne NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (batch_id, fund_type)
);
