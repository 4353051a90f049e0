using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>The batch row, its partitions and its staging tables, in one transaction (PostgreSQL's DDL is transactional).</summary>
    public async Task<BatchRecord> CreateBatchAsync(BatchPlan plan, long ruleSetId, CancellationToken ct)
    {
        try
        {
            await InTransactionAsync(async (connection, transaction, _) =>
            {
                var (key, created) = await connection.QuerySingleAsync<(long, DateTime)>("""
                    INSERT INTO staging_month_end_master (
                        batch_id, period, period_start, period_end, kind, status, rule_set_id, coa_version_id, sequence_start, sequence_end,
                        premium_count, claim_count, expected_je_count, expected_line_count, source_data_checksum, premium_total, claim_total,
                        worker_count, chunk_size, initiated_by, source_version)
                    VALUES (
                        @BatchId, @period, @start, @end, 'MONTHEND', 'PLANNED', @ruleSetId, @coa, @first, @last,
                        @PremiumCount, @ClaimCount, @expected, @ExpectedLineCount, @SourceChecksum, @premiumTotal, @claimTotal,
                        @WorkerCount, @ChunkSize, @InitiatedBy, @SourceVersion)
                    RETURNING batch_key, created_at
                    """, new
                {
                    plan.BatchId, period = plan.Period.ToString(), start = plan.Period.Start, end = plan.Period.End, ruleSetId,
                    coa = plan.Rules.Chart.Version, first = plan.Sequence.First, last = plan.Sequence.Last, plan.PremiumCount, plan.ClaimCount,
                    expected = plan.ExpectedJeCount, plan.ExpectedLineCount, plan.SourceChecksum, premiumTotal = plan.Totals.PremiumTotal.ToDecimal(),
                    claimTotal = plan.Totals.ClaimTotal.ToDecimal(), plan.WorkerCount, plan.ChunkSize, plan.InitiatedBy, plan.SourceVersion,
                }, transaction);
                await connection.ExecuteAsync("""
                    INSERT INTO staging_source_fund_total (batch_id, fund_type, allocated, claims_borne) VALUES (@batchId, @fund, @allocated, @borne)
                    """, Funds.All.Select(f => new
                {
                    batchId = plan.BatchId, fund = f.Code(), allocated = plan.Totals.Allocations[f].ToDecimal(), borne = plan.Totals.ClaimsBorne[f].ToDecimal(),
                }), transaction);
                await connection.ExecuteAsync("""
                    INSERT INTO staging_worker_partition (batch_id, partition_no, source_type, first_source_id, last_source_id, first_position,
                        record_count, sequence_start, sequence_end, content_digest, line_count)
                    VALUES (@batchId, @PartitionNo, @kind, @FirstSourceId, @LastSourceId, @FirstPosition, @RecordCount, @first, @last, @content,
                        @LineCount)
                    """, plan.Partitions.Select(p => new
                {
                    batchId = plan.BatchId, p.PartitionNo, kind = p.Kind.Code(), p.FirstSourceId, p.LastSourceId, p.FirstPosition, p.RecordCount,
                    first = p.Sequence.First, last = p.Sequence.Last, content = p.Content?.ToString(), p.LineCount,
                }), transaction);
                await connection.ExecuteAsync("SELECT monthend_create_staging(@key, @batchId, @created, @coa, @first, @last)",
                    new
                    {
                        key, batchId = plan.BatchId, created = DateTime.SpecifyKind(created, DateTimeKind.Utc), coa = plan.Rules.Chart.Version,
                        first = plan.Sequence.First, last = plan.Sequence.Last,
                    }, transaction);
                await connection.ExecuteAsync("UPDATE staging_month_end_master SET staging_location = @location WHERE batch_id = @batchId",
                    new { batchId = plan.BatchId, location = StagingTables.Describe(key) }, transaction);
                await LogEventAsync(connection, transaction, plan.BatchId, "BATCH_CREATED",
                    $"period {plan.Period}, {plan.Partitions.Count} partitions, rules v{plan.Rules.Version}, by {plan.InitiatedBy}");
                return true;
            }, ct);
        }
        catch (PostgresException e) when (e.SqlState == ClosedPeriodState)
        {
            throw new PeriodStateException(plan.Period, "it is closed: no batch is planned in a closed period; reopen it first (four-eyes)");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BatchConflictException(plan.BatchId, await DescribeConflictAsync(plan, ct), e);
        }

        return (await FindBatchAsync(plan.BatchId, ct))!;
    }

    public Task<BatchRecord?> FindBatchAsync(string batchId, CancellationToken ct) =>
        RunAsync((connection, _) => FindBatchAsync(connection, null, batchId), ct);

    public Task<IReadOnlyList<BatchRecord>> ListBatchesAsync(Period? period, int limit, CancellationToken ct) =>
        RunAsync<IReadOnlyList<BatchRecord>>(async (connection, _) => (await connection.QueryAsync<MasterRow>(
                $"SELECT {MasterRow.Columns} FROM {MasterRow.From} WHERE @period::text IS NULL OR m.period = @period ORDER BY m.created_at DESC, m.batch_id DESC LIMIT @limit",
                new { period = period?.ToString(), limit }))
            .Select(r => r.ToRecord()).ToList(), ct);

    public Task<BatchRecord> MoveAsync(string batchId, BatchStatus from, BatchStatus to, string? reason, CancellationToken ct) =>
        InTransactionAsync((connection, transaction, _) => MoveAsync(connection, transaction, batchId, from, to, reason), ct);

    public Task<IReadOnlyList<PartitionRecord>> GetPartitionsAsync(string batchId, CancellationToken ct) =>
        RunAsync((connection, _) => GetPartitionsAsync(connection, null, batchId), ct);

    public Task<int> RetryFailedPartitionsAsync(string batchId, CancellationToken ct) =>
        PutFailedBackAsync(batchId, null, null, ct);

    public Task<bool> ExpireLeaseAsync(string batchId, int partitionNo, string owner, CancellationToken ct) =>
        RunAsync(async (connection, _) => await connection.ExecuteAsync("""
            UPDATE staging_worker_partition SET lease_expires_at = '-infinity'
            WHERE batch_id = @batchId AND partition_no = @partitionNo AND lease_owner = @owner AND status = 'RUNNING'
            """, new { batchId, partitionNo, owner }) == 1, ct);

    public Task RecordEventAsync(string batchId, string eventName, string details, CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            await LogEventAsync(connection, null, batchId, eventName, details);
            return true;
        }, ct);

    public Task<IReadOnlyList<BatchEvent>> GetEventsAsync(string batchId, CancellationToken ct) =>
        RunAsync<IReadOnlyList<BatchEvent>>(async (connection, _) => (await connection.QueryAsync<(long Id, string Batch, string Event, DateTime Time, string Details)>(
                "SELECT event_id, batch_id, event, event_time, details FROM batch_lifecycle_log WHERE batch_id = @batchId ORDER BY event_id",
                new { batchId }))
            .Select(e => new BatchEvent(e.Id, e.Batch, e.Event, MasterRow.Utc(e.Time)!.Value, e.Details))
            .ToList(), ct);

    internal static async Task<BatchRecord?> FindBatchAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string batchId) =>
        (await connection.QuerySingleOrDefaultAsync<MasterRow>($"SELECT {MasterRow.Columns} FROM {MasterRow.From} WHERE m.batch_id = @batchId",
            new { batchId }, transaction))?.ToRecord();

    internal static async Task<long> BatchKeyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string batchId) =>
        await connection.ExecuteScalarAsync<long?>("SELECT batch_key FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId }, transaction)
        ?? throw new BatchStateException(batchId, BatchStatus.Running, null);

    internal static async Task<IReadOnlyList<PartitionRecord>> GetPartitionsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string batchId) =>
        (await connection.QueryAsync<PartitionRow>(
            $"SELECT {PartitionRow.Columns} FROM staging_worker_partition WHERE batch_id = @batchId ORDER BY partition_no", new { batchId }, transaction))
        .Select(p => p.ToRecord()).ToList();

    internal static async Task<BatchRecord> MoveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string batchId, BatchStatus from, BatchStatus to, string? reason)
    {
        BatchStatuses.EnsureCanMove(batchId, from, to);
        var changed = await connection.ExecuteAsync("""
            UPDATE staging_month_end_master
            SET status = @to,
                status_reason = @reason,
                started_at = CASE WHEN @to = 'RUNNING' THEN coalesce(started_at, now()) ELSE started_at END,
                validated_at = CASE WHEN @from = 'VALIDATING' THEN now() ELSE validated_at END,
                updated_at = now()
            WHERE batch_id = @batchId AND status = @from
            """, new { batchId, from = from.Code(), to = to.Code(), reason }, transaction);
        if (changed != 1)
        {
            throw new BatchStateException(batchId, from, (await FindBatchAsync(connection, transaction, batchId))?.Status);
        }

        await LogEventAsync(connection, transaction, batchId, "STATUS_" + to.Code(), $"{from.Code()} -> {to.Code()}{(reason is null ? "" : ": " + reason)}");
        return (await FindBatchAsync(connection, transaction, batchId))!;
    }

    internal static Task LogEventAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string batchId, string eventName, string details) =>
        connection.ExecuteAsync("INSERT INTO batch_lifecycle_log (batch_id, event, details) VALUES (@batchId, @eventName, @details)",
            new { batchId, eventName, details }, transaction);

    private Task<string> DescribeConflictAsync(BatchPlan plan, CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var holders = (await connection.QueryAsync<ConflictingBatch>("""
                SELECT batch_id AS BatchId, period AS Period, status AS Status FROM staging_month_end_master
                WHERE (period = @period AND status = ANY (@periodHolders)) OR (sequence_start = @start AND status = ANY (@open))
                """, new
            {
                period = plan.Period.ToString(), start = plan.Sequence.First, periodHolders = BatchConflicts.PeriodHolders.ToArray(),
                open = BatchStatuses.Open.Select(s => s.Code()).ToArray(),
            })).ToList();
            return BatchConflicts.Describe(plan, await FindBatchAsync(connection, null, plan.BatchId), holders);
        }, ct);
}
