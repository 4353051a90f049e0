-- What each partition's journal rows must add up to (32 hex digits, the sum of every header's and
-- line's content hash: MonthEnd.Core.Validation.ContentDigest), derived by the pre-flight from the
-- partition's source records, and what each chunk's rows add up to as its worker staged them. The
-- commit compares the two: a row changed, added, removed or moved after posting, by a bug or by
-- hand, fails the batch (ENTRY_CONTENT). NULL for batches planned before this migration: such a
-- batch cannot pass and must be run again; such a chunk's seal no longer vouches for it, so its
-- rows are measured one by one.
ALTER TABLE staging_worker_partition ADD COLUMN content_digest TEXT;
ALTER TABLE staging_chunk_seal ADD COLUMN content_digest TEXT;
