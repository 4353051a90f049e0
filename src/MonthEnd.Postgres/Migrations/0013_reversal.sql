-- Reversal by compensating entries (issue 12 item 5). A batch may now be REVERSED, and a batch of
-- kind REVERSAL names the batch it reverses, the date of its entries and whether its commit frees
-- the original's source rows.
ALTER TABLE staging_month_end_master DROP CONSTRAINT staging_month_end_master_status_check;
ALTER TABLE staging_month_end_master ADD CONSTRAINT staging_month_end_master_status_check
    CHECK (status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'COMMITTED', 'FAILED', 'ABORTED', 'ROLLED_BACK', 'REVERSED'));
ALTER TABLE staging_month_end_master
    ADD COLUMN reverses_batch_id TEXT REFERENCES staging_month_end_master (batch_id),
    ADD COLUMN reversal_date     DATE,
    ADD COLUMN reset_source      BOOLEAN NOT NULL DEFAULT false,
    ADD CONSTRAINT staging_month_end_master_kind_check CHECK (kind IN ('MONTHEND', 'REVERSAL')),
    ADD CONSTRAINT staging_month_end_master_reversal_check
        CHECK ((kind = 'REVERSAL') = (reverses_batch_id IS NOT NULL AND reversal_date IS NOT NULL));

-- One month-end batch per period at a time, committed ones included; a reversal sits beside it.
DROP INDEX ux_master_one_batch_per_period;
CREATE UNIQUE INDEX ux_master_one_batch_per_period ON staging_month_end_master (period)
    WHERE kind = 'MONTHEND' AND status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED', 'COMMITTED');
-- A batch is reversed once: one reversal of it open or committed.
CREATE UNIQUE INDEX ux_master_one_reversal ON staging_month_end_master (reverses_batch_id)
    WHERE kind = 'REVERSAL' AND status IN ('PLANNED', 'RUNNING', 'PAUSED', 'VALIDATING', 'COMMITTING', 'FAILED', 'COMMITTED');

-- A batch of a closed period may still become REVERSED: its reversal posts into the reversal date's
-- period (which the insert guard refuses when closed), the closed period's entries stay as they are.
CREATE OR REPLACE FUNCTION monthend_refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'INSERT' OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('COMMITTED', 'ROLLED_BACK')))
       AND EXISTS (SELECT 1 FROM accounting_period WHERE period = NEW.period AND status = 'CLOSED') THEN
        RAISE EXCEPTION 'PERIOD_CLOSED: accounting period % is closed', NEW.period USING ERRCODE = 'MEPC1';
    END IF;
    RETURN NEW;
END $$;

-- Each mirror entry names the entry it reverses; NULL for every other entry. No index: reports find a
-- reversal's entries by its JE range, as every batch's. Staging tables are made LIKE the ledger and
-- so get the column; those of a batch staged before this migration get it here, to stay attachable.
ALTER TABLE journal_entry_header ADD COLUMN reverses_je_id BIGINT;
DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'staging\_je\_header\_b%' LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS reverses_je_id BIGINT', t);
    END LOOP;
END $$;

-- The commit by copying carries the link too.
CREATE OR REPLACE FUNCTION monthend_copy_staging(p_batch_key BIGINT, p_first BIGINT, p_last BIGINT, p_posted_by TEXT, p_posted_at TIMESTAMPTZ)
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
                   'total_debit, total_credit, status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at, '
                   'reverses_je_id) '
                   'SELECT je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit, total_credit, status, '
                   'coa_version_id, template_code, created_by, %L, %L, batch_id, batch_created_at, reverses_je_id FROM %I ORDER BY je_id',
                   p_posted_by, p_posted_at, h);
    EXECUTE format('INSERT INTO journal_entry_line SELECT * FROM %I ORDER BY je_id, line_number', l);
    EXECUTE format('DROP TABLE %I, %I', h, l);
END $$;
