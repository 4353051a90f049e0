using Dapper;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Postgres.Rows;
using MonthEnd.Postgres.SourceRows;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// One worker's view of a batch. It holds no connection: each call takes one from the pool and
/// goes through the store's retries, so a worker rides out a dropped connection or a database
/// restart; the lease token, checked inside every chunk's transaction, keeps a late retry from
/// writing after someone else took the partition.
/// </summary>
internal sealed class PostgresWorkerSession(PostgresStore store, string batchId, long batchKey, string workerName) : IWorkerSession
{
    public string WorkerName { get; } = workerName;

    public Task<PartitionClaim> ClaimPartitionAsync(TimeSpan leaseLength, CancellationToken ct) =>
        store.InTransactionAsync(async (connection, transaction, _) =>
        {
            // SKIP LOCKED: workers racing for work never wait on each other's candidate rows. (A claim
            // whose reply was lost leaves a lease nobody uses; it runs out and the partition is taken over.)
            var candidate = await connection.QuerySingleOrDefaultAsync<(int No, string Status, string? Owner)?>("""
                SELECT p.partition_no, p.status, p.lease_owner
                FROM staging_worker_partition p
                WHERE p.batch_id = @batchId
                  AND EXISTS (SELECT 1 FROM staging_month_end_master m WHERE m.batch_id = p.batch_id AND m.status = 'RUNNING' AND m.kind = 'MONTHEND')
                  AND (p.status = 'PENDING' OR (p.status = 'RUNNING' AND p.lease_expires_at < now()))
                ORDER BY p.partition_no
                LIMIT 1
                FOR UPDATE OF p SKIP LOCKED
                """, new { batchId }, transaction);
            if (candidate is not { } c)
            {
                var unfinished = await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM staging_worker_partition WHERE batch_id = @batchId AND status IN ('PENDING', 'RUNNING')",
                    new { batchId }, transaction);
                return unfinished > 0 ? PartitionClaim.AllLeased : PartitionClaim.NoneLeft;
            }

            var token = Guid.NewGuid().ToString("N");
            var row = await connection.QuerySingleAsync<PartitionRow>($"""
                UPDATE staging_worker_partition
                SET status = 'RUNNING', lease_owner = @owner, lease_token = @token, lease_expires_at = now() + @leaseMs * interval '1 millisecond',
                    heartbeat_at = now(), attempts = attempts + 1, started_at = coalesce(started_at, now())
                WHERE batch_id = @batchId AND partition_no = @no
                RETURNING {PartitionRow.Columns}
                """, new { batchId, no = c.No, owner = WorkerName, token, leaseMs = (long)leaseLength.TotalMilliseconds }, transaction);
            if (c.Status == "RUNNING")
            {
                await PostgresStore.LogEventAsync(connection, transaction, batchId, "LEASE_TAKEN_OVER",
                    $"partition {c.No}: lease of {c.Owner} ran out; {WorkerName} resumes from record {row.records_processed}");
            }

            return PartitionClaim.Of(new PartitionLease(batchId, WorkerName, token, row.ToRecord()));
        }, ct);

    public Task<bool> RenewLeaseAsync(PartitionLease lease, TimeSpan leaseLength, CancellationToken ct) =>
        store.RunAsync(async (connection, _) => await connection.ExecuteAsync("""
            UPDATE staging_worker_partition SET lease_expires_at = now() + @leaseMs * interval '1 millisecond', heartbeat_at = now()
            WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
            """, new { batchId, no = lease.PartitionNo, token = lease.Token, leaseMs = (long)leaseLength.TotalMilliseconds }) == 1, ct);

    public Task<IReadOnlyList<PremiumRecord>> ReadPremiumChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct) =>
        ReadChunkAsync($"""
            SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction
            WHERE NOT batch_processed AND txn_id > @after AND txn_id <= @last AND payment_date BETWEEN @start AND @end
            ORDER BY txn_id NULLS FIRST, row_id LIMIT @limit
            """, lease, period, afterId, limit, SourceRowReader.ReadPremium, ct);

    public Task<IReadOnlyList<ClaimRecord>> ReadClaimChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct) =>
        ReadChunkAsync($"""
            SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction
            WHERE NOT batch_processed AND claim_id > @after AND claim_id <= @last AND claim_date BETWEEN @start AND @end
            ORDER BY claim_id NULLS FIRST, row_id LIMIT @limit
            """, lease, period, afterId, limit, SourceRowReader.ReadClaim, ct);

    public Task<bool> WriteChunkAsync(PartitionLease lease, IReadOnlyList<JournalEntry> entries, ChunkCheckpoint checkpoint, CancellationToken ct)
    {
        var seal = new StagingTally([new PartitionDigestRange(lease.PartitionNo, lease.Partition.Sequence)]);
        seal.AddEntries(lease.Partition.Sequence, entries);
        return WriteChunkAsync(lease, entries, checkpoint, seal.Complete(), ct);
    }

    /// <summary>The chunk, its seal (<see cref="ChunkSeals"/>) and the partition's checkpoint, in one transaction.</summary>
    private Task<bool> WriteChunkAsync(PartitionLease lease, IReadOnlyList<JournalEntry> entries, ChunkCheckpoint checkpoint, StagingFacts seal, CancellationToken ct) =>
        store.InTransactionAsync(async (connection, transaction, token) =>
        {
            // The lease row is locked and its token checked in the transaction that writes the chunk:
            // a worker that lost its lease cannot write even one row, and a heartbeat waits its turn.
            var at = await connection.QuerySingleOrDefaultAsync<long?>("""
                SELECT records_processed FROM staging_worker_partition
                WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
                FOR UPDATE
                """, new { batchId, no = lease.PartitionNo, token = lease.Token }, transaction)
                ?? throw new LeaseLostException(batchId, lease.PartitionNo, WorkerName);
            if (at == checkpoint.RecordsProcessed && at != checkpoint.FromRecordsProcessed)
            {
                return false;
            }

            if (at != checkpoint.FromRecordsProcessed)
            {
                throw new InvalidOperationException(
                    $"partition {lease.PartitionNo} is at record {at}, but the chunk starts at {checkpoint.FromRecordsProcessed}: refusing to stage it");
            }

            await StagedEntryCopy.WriteAsync(connection, batchKey, entries, token);
            await ChunkSeals.WriteAsync(connection, transaction, batchId, lease.PartitionNo, checkpoint.FromRecordsProcessed, seal);
            await connection.ExecuteAsync("""
                UPDATE staging_worker_partition
                SET records_processed = @processed, last_source_id_processed = @lastId, heartbeat_at = now()
                WHERE batch_id = @batchId AND partition_no = @no
                """, new { batchId, no = lease.PartitionNo, processed = checkpoint.RecordsProcessed, lastId = checkpoint.LastSourceId }, transaction);
            return true;
        }, ct);

    public Task CompletePartitionAsync(PartitionLease lease, CancellationToken ct) => EndLeaseAsync(lease, "COMPLETED", null, ct);

    public Task FailPartitionAsync(PartitionLease lease, string error, CancellationToken ct) => EndLeaseAsync(lease, "FAILED", error, ct);

    public Task ReleasePartitionAsync(PartitionLease lease, CancellationToken ct) => EndLeaseAsync(lease, "PENDING", null, ct);

    public Task<BatchStatus> ReadBatchStatusAsync(CancellationToken ct) =>
        store.RunAsync(async (connection, _) =>
        {
            var status = await connection.ExecuteScalarAsync<string?>("SELECT status FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId });
            return status is null ? BatchStatus.Aborted : BatchStatuses.Parse(status);
        }, ct);

    public Task<bool> PauseIfFailedShareAboveAsync(decimal share, CancellationToken ct) =>
        store.InTransactionAsync(async (connection, transaction, _) =>
        {
            var status = await connection.ExecuteScalarAsync<string>(
                "SELECT status FROM staging_month_end_master WHERE batch_id = @batchId FOR UPDATE", new { batchId }, transaction);
            var (failed, total) = await connection.QuerySingleAsync<(long Failed, long Total)>(
                "SELECT count(*) FILTER (WHERE status = 'FAILED'), count(*) FROM staging_worker_partition WHERE batch_id = @batchId",
                new { batchId }, transaction);
            if (status != "RUNNING" || failed <= share * total)
            {
                return false;
            }

            await PostgresStore.MoveAsync(connection, transaction, batchId, BatchStatus.Running, BatchStatus.Paused,
                $"{failed} of {total} partitions failed (more than {share:P0}); investigate, then resume");
            return true;
        }, ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<bool> EndLeaseAsync(PartitionLease lease, string status, string? error, CancellationToken ct) =>
        store.InTransactionAsync(async (connection, transaction, _) =>
        {
            var ended = await connection.ExecuteAsync("""
                UPDATE staging_worker_partition
                SET status = @status, error = coalesce(@error, error), lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                    completed_at = CASE WHEN @status = 'COMPLETED' THEN now() ELSE completed_at END
                WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
                """, new { batchId, no = lease.PartitionNo, token = lease.Token, status, error }, transaction);
            if (ended != 1)
            {
                throw new LeaseLostException(batchId, lease.PartitionNo, WorkerName);
            }

            if (status == "FAILED")
            {
                await PostgresStore.LogEventAsync(connection, transaction, batchId, "PARTITION_FAILED", $"partition {lease.PartitionNo} ({WorkerName}): {error}");
            }

            return true;
        }, ct);

    private Task<IReadOnlyList<T>> ReadChunkAsync<T>(
        string sql, PartitionLease lease, Period period, long? afterId, int limit, Func<NpgsqlDataReader, T> read, CancellationToken ct) =>
        store.RunAsync<IReadOnlyList<T>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("after", afterId ?? lease.Partition.FirstSourceId - 1);
            command.Parameters.AddWithValue("last", lease.Partition.LastSourceId);
            command.Parameters.AddWithValue("limit", limit);
            PostgresStore.AddPeriod(command, period);
            var rows = new List<T>(limit);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                rows.Add(read(reader));
            }

            return rows;
        }, ct);
}
