-- Accounting periods (IPeriodStore): a month never closed has no row and is open. Closing locks
-- staging_month_end_master in SHARE mode before it looks for open batches, so a batch being
-- planned at that moment either commits first (and the close sees it and is refused) or waits and
-- then meets the trigger below.
CREATE TABLE accounting_period (
    period     TEXT        PRIMARY KEY CHECK (period ~ '^[0-9]{4}-[0-1][0-9]$'),
    status     TEXT        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    changed_at TIMESTAMPTZ NOT NULL,
    changed_by TEXT        NOT NULL,
    reason     TEXT        NOT NULL
);

-- The database's own guard: no batch is planned in a closed period, and no batch of one becomes
-- COMMITTED, ROLLED_BACK or REVERSED. SQLSTATE MEPC1 for the store to recognise.
CREATE FUNCTION monthend_refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'INSERT' OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('COMMITTED', 'ROLLED_BACK', 'REVERSED')))
       AND EXISTS (SELECT 1 FROM accounting_period WHERE period = NEW.period AND status = 'CLOSED') THEN
        RAISE EXCEPTION 'PERIOD_CLOSED: accounting period % is closed', NEW.period USING ERRCODE = 'MEPC1';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER tr_master_period_closed BEFORE INSERT OR UPDATE OF status ON staging_month_end_master
    FOR EACH ROW EXECUTE FUNCTION monthend_refuse_closed_period();

-- A committed rollback drops the batch's ledger partitions (made by the commit's attach or copy):
-- instant however many entries, and it leaves no dead rows behind.
CREATE FUNCTION monthend_drop_ledger_partitions(p_batch_key BIGINT) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS %I, %I', 'journal_entry_line_b' || p_batch_key, 'journal_entry_header_b' || p_batch_key);
END $$;
