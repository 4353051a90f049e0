-- A month's source rows are updated once, by the commit that marks them (batch_processed,
-- batch_id, je_created_at). PostgreSQL can write that update as a heap-only tuple, on the row's
-- own page with no index entry, when two things hold:
--   * the page has room for the new version, which is longer by the batch id and the timestamp:
--     premium rows are loaded into pages filled to 45%, claim rows (shorter, so the marking adds
--     more to each) to 40%. That leaves room to mark every row of a page with a batch id of up to
--     20 characters (the default, 2025-01-MONTHEND, has 16); with longer ids a few rows' new
--     versions go to other pages, as every version did before;
--   * no index covers a column the update changes, not even in a partial index's WHERE. The
--     partial indexes on unprocessed rows are replaced by plain ones on the ids, in the order the
--     pre-flight and the workers read them (NULL ids first, as SQLite sorts them), and on the
--     dates (a period's rows, by date; IS NULL included).
-- Marking 1,000,000 premiums alone: 5.97 s without, 2.07 s with (docs/benchmarks.md). The price is disk:
-- a month's source rows take about twice the pages. The fill factor is a storage setting only:
-- a DBA may set it back to 100 and every result stays the same; the marking is then slower.
-- Rows already stored keep their pages until rewritten; new rows get the room.
ALTER TABLE premium_transaction SET (fillfactor = 45);
ALTER TABLE claims_transaction SET (fillfactor = 40);

DROP INDEX ix_premium_transaction_unprocessed;
DROP INDEX ix_claims_transaction_unprocessed;

CREATE INDEX ix_premium_transaction_txn ON premium_transaction (txn_id NULLS FIRST, row_id);
CREATE INDEX ix_premium_transaction_payment_date ON premium_transaction (payment_date);
CREATE INDEX ix_claims_transaction_claim ON claims_transaction (claim_id NULLS FIRST, row_id);
CREATE INDEX ix_claims_transaction_claim_date ON claims_transaction (claim_date);
