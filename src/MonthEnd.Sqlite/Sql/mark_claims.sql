-- See mark_premiums.sql.
UPDATE claims_transaction
SET batch_processed = 1, batch_id = @batchId, je_created_at = @now
WHERE batch_processed = 0
  AND claim_id > @after AND claim_id <= @upTo
  AND claim_date BETWEEN @start AND @end
  AND status IN (SELECT value FROM json_each(@statuses))
