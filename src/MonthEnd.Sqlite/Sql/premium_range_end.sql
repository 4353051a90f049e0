SELECT txn_id FROM premium_transaction
WHERE batch_processed = 0 AND txn_id > @after AND txn_id <= @last
ORDER BY txn_id LIMIT 1 OFFSET @step
