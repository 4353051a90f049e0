UPDATE premium_transaction
SET batch_processed = 1, batch_id = @batchId, je_created_at = @now
WHERE batch_processed = 0
  AND payment_date BETWEEN @start AND @end
  AND status IN (SELECT value FROM json_each(@statuses))
