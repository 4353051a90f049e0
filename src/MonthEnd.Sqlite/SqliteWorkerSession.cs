using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;
using MonthEnd.Sqlite.SourceRows;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

/// <summary>
/// One worker's connection: the main file with the batch's staging file attached, so that a chunk's
/// entries and its checkpoint commit in one transaction. The heartbeat may call in from another
/// thread, so every use of the connection takes <see cref="_connectionLock"/>.
/// </summary>
internal sealed class SqliteWorkerSession : IWorkerSession
{
    private readonly SqliteStore _store;
    private readonly string _batchId;
    private readonly SqliteConnection _connection;
    private readonly StagedEntryWriter _writer;
    private readonly SemaphoreSlim _connectionLock = new(1, 1);

    public SqliteWorkerSession(SqliteStore store, string batchId, string workerName)
    {
        _store = store;
        _batchId = batchId;
        WorkerName = workerName;
        _connection = store.Database.Open();
        SqliteDatabase.AttachStaging(_connection, store.Database.StagingFileOf(batchId));
        StagingFile.EnsureBelongsTo(_connection, batchId);
        _writer = new StagedEntryWriter(_connection);
    }

    public string WorkerName { get; }

    public Task<PartitionClaim> ClaimPartitionAsync(TimeSpan leaseLength, CancellationToken ct) =>
        WriteAsync(transaction =>
        {
            var candidate = _connection.QuerySingleOrDefault<(long No, string Status, string? Owner)?>($"""
                SELECT p.partition_no, p.status, p.lease_owner
                FROM staging_worker_partition p JOIN staging_month_end_master m ON m.batch_id = p.batch_id AND m.status = 'RUNNING'
                WHERE p.batch_id = @batchId AND (p.status = 'PENDING' OR (p.status = 'RUNNING' AND p.lease_expires_at_ms < {SqliteDatabase.NowMs}))
                ORDER BY p.partition_no LIMIT 1
                """, new { batchId = _batchId }, transaction);
            if (candidate is not { } c)
            {
                var unfinished = _connection.ExecuteScalar<long>(
                    "SELECT count(*) FROM staging_worker_partition WHERE batch_id = @batchId AND status IN ('PENDING', 'RUNNING')",
                    new { batchId = _batchId }, transaction);
                return unfinished > 0 ? PartitionClaim.AllLeased : PartitionClaim.NoneLeft;
            }

            var token = Guid.NewGuid().ToString("N");
            var row = _connection.QuerySingle<PartitionRow>($"""
                UPDATE staging_worker_partition
                SET status = 'RUNNING', lease_owner = @owner, lease_token = @token,
                    lease_expires_at_ms = {SqliteDatabase.NowMs} + @leaseMs, heartbeat_at_ms = {SqliteDatabase.NowMs},
                    attempts = attempts + 1, started_at = coalesce(started_at, {SqliteDatabase.NowText})
                WHERE batch_id = @batchId AND partition_no = @no
                RETURNING {PartitionRow.Columns}
                """, new { batchId = _batchId, no = c.No, owner = WorkerName, token, leaseMs = (long)leaseLength.TotalMilliseconds }, transaction);
            if (c.Status == "RUNNING")
            {
                SqliteStore.LogEvent(_connection, transaction, _batchId, "LEASE_TAKEN_OVER",
                    $"partition {c.No}: lease of {c.Owner} ran out; {WorkerName} resumes from record {row.records_processed}");
            }

            return PartitionClaim.Of(new PartitionLease(_batchId, WorkerName, token, row.ToRecord()));
        }, ct);

    public Task<bool> RenewLeaseAsync(PartitionLease lease, TimeSpan leaseLength, CancellationToken ct) =>
        WriteAsync(transaction => _connection.Execute($"""
            UPDATE staging_worker_partition
            SET lease_expires_at_ms = {SqliteDatabase.NowMs} + @leaseMs, heartbeat_at_ms = {SqliteDatabase.NowMs}
            WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
            """, new { batchId = _batchId, no = lease.PartitionNo, token = lease.Token, leaseMs = (long)leaseLength.TotalMilliseconds }, transaction) == 1, ct);

    public Task<IReadOnlyList<PremiumRecord>> ReadPremiumChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct) =>
        ReadAsync($"""
            SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction
            WHERE batch_processed = 0 AND txn_id > @after AND txn_id <= @last AND payment_date BETWEEN @start AND @end
            ORDER BY txn_id, rowid LIMIT @limit
            """, lease, period, afterId, limit, SourceRowReader.ReadPremium, ct);

    public Task<IReadOnlyList<ClaimRecord>> ReadClaimChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct) =>
        ReadAsync($"""
            SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction
            WHERE batch_processed = 0 AND claim_id > @after AND claim_id <= @last AND claim_date BETWEEN @start AND @end
            ORDER BY claim_id, rowid LIMIT @limit
            """, lease, period, afterId, limit, SourceRowReader.ReadClaim, ct);

    public Task WriteChunkAsync(PartitionLease lease, IReadOnlyList<JournalEntry> entries, ChunkCheckpoint checkpoint, CancellationToken ct) =>
        WriteAsync(transaction =>
        {
            // The token is checked inside the same transaction that writes the chunk: a worker that
            // lost its lease cannot write even one row.
            var held = _connection.Execute($"""
                UPDATE staging_worker_partition
                SET records_processed = @processed, last_source_id_processed = @lastId, heartbeat_at_ms = {SqliteDatabase.NowMs}
                WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
                """, new { batchId = _batchId, no = lease.PartitionNo, token = lease.Token, processed = checkpoint.RecordsProcessed, lastId = checkpoint.LastSourceId },
                transaction);
            if (held != 1)
            {
                throw new LeaseLostException(_batchId, lease.PartitionNo, WorkerName);
            }

            _writer.Write(lease.PartitionNo, entries);
            return true;
        }, ct);

    public Task CompletePartitionAsync(PartitionLease lease, CancellationToken ct) =>
        EndLeaseAsync(lease, "COMPLETED", null, ct);

    public Task FailPartitionAsync(PartitionLease lease, string error, CancellationToken ct) =>
        EndLeaseAsync(lease, "FAILED", error, ct);

    public Task ReleasePartitionAsync(PartitionLease lease, CancellationToken ct) =>
        EndLeaseAsync(lease, "PENDING", null, ct);

    public async Task<BatchStatus> ReadBatchStatusAsync(CancellationToken ct)
    {
        await _connectionLock.WaitAsync(ct);
        try
        {
            var status = _connection.ExecuteScalar<string?>("SELECT status FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId = _batchId });
            return status is null ? BatchStatus.Aborted : BatchStatuses.Parse(status);
        }
        finally
        {
            _connectionLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connectionLock.WaitAsync();
        _writer.Dispose();
        await _connection.DisposeAsync();
        _connectionLock.Dispose();
    }

    private Task<bool> EndLeaseAsync(PartitionLease lease, string status, string? error, CancellationToken ct) =>
        WriteAsync(transaction =>
        {
            var ended = _connection.Execute($"""
                UPDATE staging_worker_partition
                SET status = @status, error = coalesce(@error, error), lease_owner = NULL, lease_token = NULL, lease_expires_at_ms = NULL,
                    completed_at = CASE WHEN @status = 'COMPLETED' THEN {SqliteDatabase.NowText} ELSE completed_at END
                WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
                """, new { batchId = _batchId, no = lease.PartitionNo, token = lease.Token, status, error }, transaction);
            if (ended != 1)
            {
                throw new LeaseLostException(_batchId, lease.PartitionNo, WorkerName);
            }

            if (status == "FAILED")
            {
                SqliteStore.LogEvent(_connection, transaction, _batchId, "PARTITION_FAILED", $"partition {lease.PartitionNo} ({WorkerName}): {error}");
            }

            return true;
        }, ct);

    private async Task<IReadOnlyList<T>> ReadAsync<T>(
        string sql, PartitionLease lease, Period period, long? afterId, int limit, Func<SqliteDataReader, T> read, CancellationToken ct)
    {
        await _connectionLock.WaitAsync(ct);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("@after", afterId ?? lease.Partition.FirstSourceId - 1);
            command.Parameters.AddWithValue("@last", lease.Partition.LastSourceId);
            command.Parameters.AddWithValue("@limit", limit);
            SqliteStore.AddPeriod(command, period);
            var rows = new List<T>(limit);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            _connectionLock.Release();
        }
    }

    private async Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken ct)
    {
        await _connectionLock.WaitAsync(ct);
        try
        {
            await _store.WriteGate.WaitAsync(ct);
            try
            {
                using var transaction = _connection.BeginTransaction(deferred: false);
                var result = work(transaction);
                transaction.Commit();
                return result;
            }
            finally
            {
                _store.WriteGate.Release();
            }
        }
        finally
        {
            _connectionLock.Release();
        }
    }
}
