-- A batch's staging file: the entries its workers wrote, before validation and commit. One file per
-- batch, so that archiving after the commit is moving the file, and clearing staging costs nothing.
-- The entries themselves go to one pair of tables per partition (Sql/staging_partition.sql), with
-- the views staging_je_header and staging_je_line over all of them.
CREATE TABLE staging_file (
    batch_id   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Each partition's checkpoint lives here, beside its rows, so that a chunk's entries and its
-- checkpoint commit together while the main file stays untouched (source readers never wait on
-- the staging writer). The main file's lease row is read, not written, in that transaction.
CREATE TABLE staging_partition_checkpoint (
    partition_no      INTEGER PRIMARY KEY,
    records_processed INTEGER NOT NULL,
    last_source_id    INTEGER NOT NULL
);
