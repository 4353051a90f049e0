-- Marks one bounded id range of a partition. The partial index the scan uses filters on
-- batch_processed, so SQLite collects a range's rowids before updating them; keeping each range
-- to a fixed number of rows keeps that memory flat however large the month is.
UPDATE premium_transaction
SET batch_processed = 1, batch_id = @batchId, je_created_at = @now
WHERE batch_processed = 0
  AND txn_id > @after AND txn_id <= @upTo
  AND payment_date BETWEEN @start AND @end
  AND status IN (SELECT value FROM json_each(@statuses))
