using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

/// <summary>
/// Failed partitions put back to work: all of a batch's when `run` is repeated
/// (<see cref="RetryFailedPartitionsAsync"/>), or one at an operator's word (<see cref="IPartitionRestarts"/>).
/// </summary>
public sealed partial class SqliteStore : IPartitionRestarts
{
    public async Task<bool> RestartFailedPartitionAsync(string batchId, int partitionNo, string restartedBy, CancellationToken ct)
    {
        StoredText.Key(restartedBy, "the user who restarts a partition");
        return await PutFailedBackAsync(batchId, partitionNo, (connection, transaction, failed) =>
            LogEvent(connection, transaction, batchId, "PARTITION_RESTARTED",
                $"partition {failed.No} restarted by {restartedBy} after {failed.Attempts} attempts; it had failed: {failed.Error ?? "(no error recorded)"}"), ct) == 1;
    }

    /// <summary>
    /// Puts the batch's FAILED partitions (or only <paramref name="partitionNo"/>) back to PENDING while
    /// the batch is still staging, each one's staged rows and checkpoint discarded, in one transaction;
    /// <paramref name="logged"/> writes each one's event in it. Returns how many.
    /// </summary>
    private async Task<int> PutFailedBackAsync(
        string batchId, int? partitionNo, Action<SqliteConnection, SqliteTransaction, FailedPartition>? logged, CancellationToken ct)
    {
        using (var reading = Database.Open())
        {
            if (reading.ExecuteScalar<long>(FailedCount, new { batchId, partitionNo }) == 0)
            {
                return 0;
            }
        }

        // Lock order: the write lock, then main, then staging (BEGIN IMMEDIATE locks main before the attached file).
        using var writing = await WriteGate.EnterAsync($"putting the failed partitions of batch {batchId} back to work", ct);
        var staged = File.Exists(Database.StagingFileOf(batchId));
        using var connection = staged ? OpenWithStaging(batchId) : Database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        // BEGIN IMMEDIATE holds the staging file's RESERVED lock and nothing is written yet: the chain
        // is advanced first, so that the commit still takes the remaining chunks' seals.
        var sealing = staged && StagingWriteChain.Kept(connection, transaction, SqliteDatabase.StagingSchema);
        if (sealing)
        {
            StagingWriteChain.Advance(connection, transaction, SqliteDatabase.StagingSchema);
        }

        var failed = connection.Query<FailedPartition>($"""
            SELECT partition_no AS No, attempts AS Attempts, error AS Error FROM staging_worker_partition
            WHERE {FailedOfStagingBatch} ORDER BY partition_no
            """, new { batchId, partitionNo }, transaction).ToList();
        foreach (var partition in failed)
        {
            if (staged)
            {
                connection.Execute($"DELETE FROM {StagingTables.Line(partition.No)}; DELETE FROM {StagingTables.Header(partition.No)}", transaction: transaction);
                connection.Execute("DELETE FROM staging.staging_partition_checkpoint WHERE partition_no = @no", new { no = partition.No }, transaction);
                if (sealing)
                {
                    connection.Execute("DELETE FROM staging.staging_chunk_seal WHERE partition_no = @no", new { no = partition.No }, transaction);
                }
            }

            logged?.Invoke(connection, transaction, partition);
        }

        var retried = connection.Execute($"""
            UPDATE staging_worker_partition
            SET status = 'PENDING', lease_owner = NULL, lease_token = NULL, lease_expires_at_ms = NULL,
                records_processed = 0, last_source_id_processed = NULL
            WHERE {FailedOfStagingBatch}
            """, new { batchId, partitionNo }, transaction);
        transaction.Commit();
        return retried;
    }

    private const string FailedOfStagingBatch = """
        batch_id = @batchId AND status = 'FAILED' AND (@partitionNo IS NULL OR partition_no = @partitionNo)
        AND EXISTS (SELECT 1 FROM staging_month_end_master m WHERE m.batch_id = @batchId AND m.status IN ('PLANNED', 'RUNNING', 'PAUSED'))
        """;

    private const string FailedCount = $"SELECT count(*) FROM staging_worker_partition WHERE {FailedOfStagingBatch}";

    /// <summary>A failed partition as Dapper reads it (by property: SQLite hands integers over as Int64).</summary>
    private sealed class FailedPartition
    {
        public int No { get; init; }

        public long Attempts { get; init; }

        public string? Error { get; init; }
    }
}
