using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
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
    private readonly RawStatement _premiumChunk;
    private readonly RawStatement _claimChunk;
    private readonly SourceRowReader _rows = new();

    /// <summary>Whether the staging file keeps a write chain and chunk seals (a file built by an earlier version does not: its commit measures).</summary>
    private readonly bool _sealing;

    public SqliteWorkerSession(SqliteStore store, string batchId, string workerName)
    {
        _store = store;
        _batchId = batchId;
        WorkerName = workerName;
        _connection = store.Database.Open(SqliteDatabase.WorkerCacheMegabytes);
        SqliteDatabase.AttachStaging(_connection, store.Database.StagingFileOf(batchId));
        StagingFile.EnsureBelongsTo(_connection, batchId);
        _writer = new StagedEntryWriter(_connection);
        _sealing = StagingWriteChain.Kept(_connection, null, SqliteDatabase.StagingSchema);
        _premiumChunk = new RawStatement(_connection, $"""
            SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction
            WHERE batch_processed = 0 AND txn_id > @after AND txn_id <= @last AND payment_date BETWEEN @start AND @end
            ORDER BY txn_id, rowid LIMIT @limit
            """);
        _claimChunk = new RawStatement(_connection, $"""
            SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction
            WHERE batch_processed = 0 AND claim_id > @after AND claim_id <= @last AND claim_date BETWEEN @start AND @end
            ORDER BY claim_id, rowid LIMIT @limit
            """);
    }

    public string WorkerName { get; }

    /// <summary>
    /// Looks first without the write lock: idle workers (in this process and others) poll often,
    /// and each poll would otherwise queue behind, and delay, the chunk writes of busy ones.
    /// </summary>
    public async Task<PartitionClaim> ClaimPartitionAsync(TimeSpan leaseLength, CancellationToken ct)
    {
        await _connectionLock.WaitAsync(ct);
        PartitionClaim? idle;
        try
        {
            idle = Candidate(null) is null ? Idle(null) : null;
        }
        finally
        {
            _connectionLock.Release();
        }

        return idle ?? await WriteAsync(transaction => Candidate(transaction) is { } c ? Claim(transaction, c, leaseLength) : Idle(transaction), ct);
    }

    public Task<bool> RenewLeaseAsync(PartitionLease lease, TimeSpan leaseLength, CancellationToken ct) =>
        WriteAsync(transaction => _connection.Execute($"""
            UPDATE staging_worker_partition
            SET lease_expires_at_ms = {SqliteDatabase.NowMs} + @leaseMs, heartbeat_at_ms = {SqliteDatabase.NowMs}, {PartitionRow.SyncProgress}
            WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
            """, new { batchId = _batchId, no = lease.PartitionNo, token = lease.Token, leaseMs = (long)leaseLength.TotalMilliseconds }, transaction) == 1, ct);

    public Task<IReadOnlyList<PremiumRecord>> ReadPremiumChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct) =>
        ReadAsync(_premiumChunk, lease, period, afterId, limit, _rows.ReadPremium, ct);

    public Task<IReadOnlyList<ClaimRecord>> ReadClaimChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct) =>
        ReadAsync(_claimChunk, lease, period, afterId, limit, _rows.ReadClaim, ct);

    public Task<bool> WriteChunkAsync(PartitionLease lease, IReadOnlyList<JournalEntry> entries, ChunkCheckpoint checkpoint, CancellationToken ct)
    {
        StagingFacts? seal = null;
        if (_sealing)
        {
            var tally = new StagingTally([new PartitionDigestRange(lease.PartitionNo, lease.Partition.Sequence)]);
            tally.AddEntries(lease.Partition.Sequence, entries);
            seal = tally.Complete();
        }

        return WriteAsync(deferred: true, ct: ct, doing: $"writing a chunk of partition {lease.PartitionNo}", work: transaction =>
        {
            // The token is read again inside the transaction that writes the chunk: a worker that
            // lost its lease cannot write even one row. Only the staging file is written.
            var held = _connection.ExecuteScalar<long>("""
                SELECT count(*) FROM staging_worker_partition
                WHERE batch_id = @batchId AND partition_no = @no AND lease_token = @token AND status = 'RUNNING'
                """, new { batchId = _batchId, no = lease.PartitionNo, token = lease.Token }, transaction);
            if (held != 1)
            {
                throw new LeaseLostException(_batchId, lease.PartitionNo, WorkerName);
            }

            var at = _connection.ExecuteScalar<long?>(
                "SELECT records_processed FROM staging.staging_partition_checkpoint WHERE partition_no = @no",
                new { no = lease.PartitionNo }, transaction) ?? lease.Partition.RecordsProcessed;
            if (at == checkpoint.RecordsProcessed && at != checkpoint.FromRecordsProcessed)
            {
                return false;
            }

            if (at != checkpoint.FromRecordsProcessed)
            {
                throw new InvalidOperationException(
                    $"partition {lease.PartitionNo} is at record {at}, but the chunk starts at {checkpoint.FromRecordsProcessed}: refusing to stage it");
            }

            if (seal is not null)
            {
                // Before this transaction writes anything (a spilled page would carry the next counter
                // already), and after it read the checkpoint: it holds the staging file's SHARED lock,
                // so no other writer can commit to the file before this transaction ends.
                StagingWriteChain.Advance(_connection, transaction, SqliteDatabase.StagingSchema);
                ChunkSeals.Write(_connection, transaction, lease.PartitionNo, checkpoint.FromRecordsProcessed, seal);
            }

            _connection.Execute("""
                INSERT INTO staging.staging_partition_checkpoint (partition_no, records_processed, last_source_id) VALUES (@no, @processed, @lastId)
                ON CONFLICT (partition_no) DO UPDATE SET records_processed = excluded.records_processed, last_source_id = excluded.last_source_id
                """, new { no = lease.PartitionNo, processed = checkpoint.RecordsProcessed, lastId = checkpoint.LastSourceId }, transaction);
            _writer.Write(lease.PartitionNo, entries);
            return true;
        });
    }

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

    public Task<bool> PauseIfFailedShareAboveAsync(decimal share, CancellationToken ct) =>
        WriteAsync(transaction =>
        {
            var (failed, total) = _connection.QuerySingle<(long Failed, long Total)>("""
                SELECT coalesce(sum(status = 'FAILED'), 0), count(*) FROM staging_worker_partition WHERE batch_id = @batchId
                """, new { batchId = _batchId }, transaction);
            var status = _connection.ExecuteScalar<string>("SELECT status FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId = _batchId }, transaction);
            if (status != "RUNNING" || failed <= share * total)
            {
                return false;
            }

            SqliteStore.Move(_connection, transaction, _batchId, BatchStatus.Running, BatchStatus.Paused,
                $"{failed} of {total} partitions failed (more than {share:P0}); investigate, then resume");
            return true;
        }, ct);

    public async ValueTask DisposeAsync()
    {
        await _connectionLock.WaitAsync();
        _writer.Dispose();
        _premiumChunk.Dispose();
        _claimChunk.Dispose();
        await _connection.DisposeAsync();
        _connectionLock.Dispose();
    }

    /// <summary>No partition can be claimed now: wait (some are still leased), or stop (all ended).</summary>
    private PartitionClaim Idle(SqliteTransaction? transaction)
    {
        var unfinished = _connection.ExecuteScalar<long>(
            "SELECT count(*) FROM staging_worker_partition WHERE batch_id = @batchId AND status IN ('PENDING', 'RUNNING')",
            new { batchId = _batchId }, transaction);
        return unfinished > 0 ? PartitionClaim.AllLeased : PartitionClaim.NoneLeft;
    }

    private (long No, string Status, string? Owner)? Candidate(SqliteTransaction? transaction) =>
        _connection.QuerySingleOrDefault<(long No, string Status, string? Owner)?>($"""
            SELECT p.partition_no, p.status, p.lease_owner
            FROM staging_worker_partition p JOIN staging_month_end_master m ON m.batch_id = p.batch_id AND m.status = 'RUNNING' AND m.kind = 'MONTHEND'
            WHERE p.batch_id = @batchId AND (p.status = 'PENDING' OR (p.status = 'RUNNING' AND p.lease_expires_at_ms < {SqliteDatabase.NowMs}))
            ORDER BY p.partition_no LIMIT 1
            """, new { batchId = _batchId }, transaction);

    private PartitionClaim Claim(SqliteTransaction transaction, (long No, string Status, string? Owner) c, TimeSpan leaseLength)
    {
        var token = Guid.NewGuid().ToString("N");
        _connection.Execute($"""
            UPDATE staging_worker_partition
            SET status = 'RUNNING', lease_owner = @owner, lease_token = @token,
                lease_expires_at_ms = {SqliteDatabase.NowMs} + @leaseMs, heartbeat_at_ms = {SqliteDatabase.NowMs},
                attempts = attempts + 1, started_at = coalesce(started_at, {SqliteDatabase.NowText})
            WHERE batch_id = @batchId AND partition_no = @no
            """, new { batchId = _batchId, no = c.No, owner = WorkerName, token, leaseMs = (long)leaseLength.TotalMilliseconds }, transaction);
        var partition = _connection.QuerySingle<PartitionRow>(
            $"{PartitionRow.WithCheckpoints} WHERE p.batch_id = @batchId AND p.partition_no = @no",
            new { batchId = _batchId, no = c.No }, transaction).ToRecord();
        if (c.Status == "RUNNING")
        {
            SqliteStore.LogEvent(_connection, transaction, _batchId, "LEASE_TAKEN_OVER",
                $"partition {c.No}: lease of {c.Owner} ran out; {WorkerName} resumes from record {partition.RecordsProcessed}");
        }

        return PartitionClaim.Of(new PartitionLease(_batchId, WorkerName, token, partition));
    }

    private Task<bool> EndLeaseAsync(PartitionLease lease, string status, string? error, CancellationToken ct) =>
        WriteAsync(transaction =>
        {
            var ended = _connection.Execute($"""
                UPDATE staging_worker_partition
                SET status = @status, error = coalesce(@error, error), lease_owner = NULL, lease_token = NULL, lease_expires_at_ms = NULL,
                    completed_at = CASE WHEN @status = 'COMPLETED' THEN {SqliteDatabase.NowText} ELSE completed_at END,
                    {PartitionRow.SyncProgress}
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
        RawStatement query, PartitionLease lease, Period period, long? afterId, int limit, Func<RawStatement, T> read, CancellationToken ct)
    {
        await _connectionLock.WaitAsync(ct);
        try
        {
            query.Reset();
            query.Bind("@after", afterId ?? lease.Partition.FirstSourceId - 1).Bind("@last", lease.Partition.LastSourceId).Bind("@limit", limit);
            SqliteStore.BindPeriod(query, period);
            var rows = new List<T>(limit);
            try
            {
                while (query.Read())
                {
                    rows.Add(read(query));
                }
            }
            finally
            {
                query.Reset();
            }

            return rows;
        }
        finally
        {
            _connectionLock.Release();
        }
    }

    /// <summary>
    /// Runs a write transaction behind the database's write lock. Chunk writes start deferred: they only
    /// read the main file and write the staging file, and a transaction that opened both files for
    /// writing (BEGIN IMMEDIATE) would commit through a super-journal and extra fsyncs every time.
    /// Control-row changes start immediate, so that they wait their turn instead of failing.
    /// Lock order (see <see cref="WriterLock"/>): the write lock, then main, then staging; a deferred
    /// chunk write reads main first, and no other writer can hold staging while it waits.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken ct, bool deferred = false, [CallerMemberName] string doing = "")
    {
        await _connectionLock.WaitAsync(ct);
        try
        {
            using var writing = await _store.WriteGate.EnterAsync($"worker {WorkerName}, batch {_batchId}: {doing}", ct);
            using var transaction = _connection.BeginTransaction(deferred);
            var result = work(transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _connectionLock.Release();
        }
    }
}
