-- The batch's posted source id range of one kind, from its partitions: the resets below stay on
-- the index of processed rows by id (ix_*_posted) instead of scanning every year of source.
SELECT min(first_source_id) AS first_id, max(last_source_id) AS last_id
FROM staging_worker_partition
WHERE batch_id = @batchId AND source_type = @kind
