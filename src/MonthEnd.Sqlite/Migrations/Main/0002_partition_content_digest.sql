-- What each partition's journal rows must add up to (32 hex digits, the sum of every header's and
-- line's content hash: MonthEnd.Core.Validation.ContentDigest), derived by the pre-flight from the
-- partition's source records. The commit compares it with what is staged: a row changed, added,
-- removed or moved after posting, by a bug or by hand, fails the batch (ENTRY_CONTENT). NULL for a
-- batch planned before this migration: such a batch cannot pass and must be run again.
ALTER TABLE staging_worker_partition ADD COLUMN content_digest TEXT;
