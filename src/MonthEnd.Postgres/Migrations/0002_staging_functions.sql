-- A batch's staging tables have the shape of the ledger's partitions, so that the commit can
-- attach them instead of copying their rows. Dynamic DDL is built here with format(%I, %L), so
-- identifiers and values are quoted by PostgreSQL, never pasted together by the application.

CREATE FUNCTION monthend_staging_header(p_batch_key BIGINT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'staging_je_header_b' || p_batch_key $$;

CREATE FUNCTION monthend_staging_line(p_batch_key BIGINT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'staging_je_line_b' || p_batch_key $$;

-- Columns the whole batch shares are defaults, so workers' COPY streams carry only what varies.
-- posted_by and posted_at are only known at commit: they are added then (see attach).
CREATE FUNCTION monthend_create_staging(p_batch_key BIGINT, p_batch_id TEXT, p_batch_created_at TIMESTAMPTZ, p_coa INTEGER)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    h TEXT := monthend_staging_header(p_batch_key);
    l TEXT := monthend_staging_line(p_batch_key);
BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE journal_entry_header INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', h);
    EXECUTE format('ALTER TABLE %I DROP COLUMN posted_by, DROP COLUMN posted_at', h);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN status SET DEFAULT %L, ALTER COLUMN created_by SET DEFAULT %L, '
                   'ALTER COLUMN coa_version_id SET DEFAULT %s, ALTER COLUMN batch_id SET DEFAULT %L, '
                   'ALTER COLUMN batch_created_at SET DEFAULT %L',
                   h, 'POSTED', 'BATCH_SYSTEM', p_coa, p_batch_id, p_batch_created_at);
    EXECUTE format('CREATE TABLE %I (LIKE journal_entry_line INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', l);
END $$;

-- After staging: the keys the ledger partitions need, and a CHECK of the batch's number range so
-- that attaching needs no scan. A duplicate JE number fails here (unique_violation).
CREATE FUNCTION monthend_index_staging(p_batch_key BIGINT, p_first BIGINT, p_last BIGINT)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    h TEXT := monthend_staging_header(p_batch_key);
    l TEXT := monthend_staging_line(p_batch_key);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = h::regclass AND contype = 'p') THEN
        EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (je_id)', h);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = l::regclass AND contype = 'p') THEN
        EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (je_id, line_number)', l);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = h::regclass AND conname = h || '_range') THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (je_id >= %s AND je_id < %s)', h, h || '_range', p_first, p_last + 1);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = l::regclass AND conname = l || '_range') THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (je_id >= %s AND je_id < %s)', l, l || '_range', p_first, p_last + 1);
    END IF;
END $$;

-- The commit without copying: posted_by/posted_at become constant defaults (metadata only), the
-- tables become the ledger's partitions for the batch's range and take the ledger's names.
CREATE FUNCTION monthend_attach_staging(p_batch_key BIGINT, p_first BIGINT, p_last BIGINT, p_posted_by TEXT, p_posted_at TIMESTAMPTZ)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    h TEXT := monthend_staging_header(p_batch_key);
    l TEXT := monthend_staging_line(p_batch_key);
BEGIN
    EXECUTE format('ALTER TABLE %I ADD COLUMN posted_by TEXT NOT NULL DEFAULT %L, ADD COLUMN posted_at TIMESTAMPTZ NOT NULL DEFAULT %L',
                   h, p_posted_by, p_posted_at);
    EXECUTE format('ALTER TABLE journal_entry_header ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', h, p_first, p_last + 1);
    EXECUTE format('ALTER TABLE journal_entry_line ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', l, p_first, p_last + 1);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', h, 'journal_entry_header_b' || p_batch_key);
    EXECUTE format('ALTER TABLE %I RENAME TO %I', l, 'journal_entry_line_b' || p_batch_key);
END $$;

-- The commit by copying (kept for comparison, see docs/benchmarks.md): a new ledger partition
-- for the range, filled with INSERT ... SELECT from staging, which is then dropped.
CREATE FUNCTION monthend_copy_staging(p_batch_key BIGINT, p_first BIGINT, p_last BIGINT, p_posted_by TEXT, p_posted_at TIMESTAMPTZ)
    RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
    h TEXT := monthend_staging_header(p_batch_key);
    l TEXT := monthend_staging_line(p_batch_key);
BEGIN
    EXECUTE format('CREATE TABLE %I PARTITION OF journal_entry_header FOR VALUES FROM (%s) TO (%s)',
                   'journal_entry_header_b' || p_batch_key, p_first, p_last + 1);
    EXECUTE format('CREATE TABLE %I PARTITION OF journal_entry_line FOR VALUES FROM (%s) TO (%s)',
                   'journal_entry_line_b' || p_batch_key, p_first, p_last + 1);
    EXECUTE format('INSERT INTO journal_entry_header (je_id, je_number, je_date, je_type, reference_type, reference_id, description, '
                   'total_debit, total_credit, status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at) '
                   'SELECT je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit, total_credit, status, '
                   'coa_version_id, template_code, created_by, %L, %L, batch_id, batch_created_at FROM %I ORDER BY je_id',
                   p_posted_by, p_posted_at, h);
    EXECUTE format('INSERT INTO journal_entry_line SELECT * FROM %I ORDER BY je_id, line_number', l);
    EXECUTE format('DROP TABLE %I, %I', h, l);
END $$;

CREATE FUNCTION monthend_drop_staging(p_batch_key BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS %I, %I', monthend_staging_header(p_batch_key), monthend_staging_line(p_batch_key));
END $$;

-- Serialises the commit against anything else writing staging (the original design's LOCK TABLE).
CREATE FUNCTION monthend_lock_staging(p_batch_key BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('LOCK TABLE %I, %I IN EXCLUSIVE MODE', monthend_staging_header(p_batch_key), monthend_staging_line(p_batch_key));
END $$;
