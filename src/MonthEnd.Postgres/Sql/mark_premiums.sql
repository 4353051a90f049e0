UPDATE premium_transaction
SET batch_processed = TRUE, batch_id = @batchId, je_created_at = @now
WHERE NOT batch_processed
  AND payment_date BETWEEN @start AND @end
  AND status = ANY (@statuses)
