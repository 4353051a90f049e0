-- The last dry run of each period (`monthend dry-run`, shown by `monthend status`): when, by whom,
-- the recommendation (PROCEED, WARNING, DO NOT PROCEED) and the whole report as JSON (JSONB:
-- its keys come back in PostgreSQL's order). A new dry run of the period replaces the row; the audit trail keeps every one.
CREATE TABLE dry_runs (
    period         TEXT        NOT NULL PRIMARY KEY CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    run_at         TIMESTAMPTZ NOT NULL,
    run_by         TEXT        NOT NULL,
    recommendation TEXT        NOT NULL CHECK (recommendation IN ('PROCEED', 'WARNING', 'DO NOT PROCEED')),
    report_json    JSONB       NOT NULL
);
