-- Accounting periods (IPeriodStore): a month never closed has no row and is open. Closing takes
-- the write lock like every write here, so a batch is either planned before the close (and the
-- close is refused while it is open) or refused after it.
CREATE TABLE accounting_period (
    period     TEXT PRIMARY KEY CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    status     TEXT NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason     TEXT NOT NULL
);

-- The database's own guard, whatever the application checked before: no batch is planned in a
-- closed period, and no batch of one becomes COMMITTED, ROLLED_BACK or REVERSED. One lookup by
-- primary key per batch status change; the error text starts with PERIOD_CLOSED for the store to
-- recognise.
CREATE TRIGGER tr_master_period_closed_insert BEFORE INSERT ON staging_month_end_master
WHEN EXISTS (SELECT 1 FROM accounting_period WHERE period = NEW.period AND status = 'CLOSED')
BEGIN
    SELECT RAISE(ABORT, 'PERIOD_CLOSED: the accounting period is closed');
END;

CREATE TRIGGER tr_master_period_closed_update BEFORE UPDATE OF status ON staging_month_end_master
WHEN NEW.status <> OLD.status AND NEW.status IN ('COMMITTED', 'ROLLED_BACK', 'REVERSED')
    AND EXISTS (SELECT 1 FROM accounting_period WHERE period = NEW.period AND status = 'CLOSED')
BEGIN
    SELECT RAISE(ABORT, 'PERIOD_CLOSED: the accounting period is closed');
END;
