using Dapper;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// Failed partitions put back to work: all of a batch's when `run` is repeated
/// (<see cref="RetryFailedPartitionsAsync"/>), or one at an operator's word (<see cref="IPartitionRestarts"/>).
/// </summary>
public sealed partial class PostgresStore : IPartitionRestarts
{
    public async Task<bool> RestartFailedPartitionAsync(string batchId, int partitionNo, string restartedBy, CancellationToken ct)
    {
        StoredText.Key(restartedBy, "the user who restarts a partition");
        return await PutFailedBackAsync(batchId, partitionNo, (connection, transaction, failed) =>
            LogEventAsync(connection, transaction, batchId, "PARTITION_RESTARTED",
                $"partition {failed.No} restarted by {restartedBy} after {failed.Attempts} attempts; it had failed: {failed.Error ?? "(no error recorded)"}"), ct) == 1;
    }

    /// <summary>
    /// Puts the batch's FAILED partitions (or only <paramref name="partitionNo"/>) back to PENDING while
    /// the batch is still staging, each one's staged rows, chunk seals and checkpoint discarded, in one
    /// transaction; <paramref name="logged"/> writes each one's event in it. Returns how many.
    /// </summary>
    private Task<int> PutFailedBackAsync(
        string batchId, int? partitionNo, Func<NpgsqlConnection, NpgsqlTransaction, FailedPartition, Task>? logged, CancellationToken ct) =>
        InTransactionAsync(async (connection, transaction, _) =>
        {
            // The partitions' rows are locked before the batch's is read, the order a failing worker takes them in.
            var failed = (await connection.QueryAsync<FailedPartition>($"""
                SELECT partition_no AS No, sequence_start AS First, sequence_end AS Last, attempts AS Attempts, error AS Error
                FROM staging_worker_partition WHERE {FailedOfStagingBatch} ORDER BY partition_no FOR UPDATE
                """, new { batchId, partitionNo }, transaction)).ToList();
            if (failed.Count == 0)
            {
                return 0;
            }

            // The staged rows, their seals and the checkpoint go together: a seal without its rows (or
            // rows without their seal) would send the commit to measuring every staged row.
            var key = await BatchKeyAsync(connection, transaction, batchId);
            foreach (var partition in failed)
            {
                var (no, first, last) = (partition.No, partition.First, partition.Last);
                await connection.ExecuteAsync($"DELETE FROM {StagingTables.Line(key)} WHERE je_id BETWEEN @first AND @last", new { first, last }, transaction);
                await connection.ExecuteAsync($"DELETE FROM {StagingTables.Header(key)} WHERE je_id BETWEEN @first AND @last", new { first, last }, transaction);
                await connection.ExecuteAsync("DELETE FROM staging_chunk_seal WHERE batch_id = @batchId AND partition_no = @no", new { batchId, no }, transaction);
                if (logged is not null)
                {
                    await logged(connection, transaction, partition);
                }
            }

            return await connection.ExecuteAsync($"""
                UPDATE staging_worker_partition
                SET status = 'PENDING', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                    records_processed = 0, last_source_id_processed = NULL
                WHERE {FailedOfStagingBatch}
                """, new { batchId, partitionNo }, transaction);
        }, ct);

    private const string FailedOfStagingBatch = """
        batch_id = @batchId AND status = 'FAILED' AND (@partitionNo::int IS NULL OR partition_no = @partitionNo)
        AND EXISTS (SELECT 1 FROM staging_month_end_master m WHERE m.batch_id = @batchId AND m.status IN ('PLANNED', 'RUNNING', 'PAUSED'))
        """;

    /// <summary>A failed partition as Dapper reads it.</summary>
    private sealed class FailedPartition
    {
        public int No { get; init; }

        public long First { get; init; }

        public long Last { get; init; }

        public long Attempts { get; init; }

        public string? Error { get; init; }
    }
}
