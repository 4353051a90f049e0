SELECT claim_id FROM claims_transaction
WHERE batch_processed = 0 AND claim_id > @after AND claim_id <= @last
ORDER BY claim_id LIMIT 1 OFFSET @step
