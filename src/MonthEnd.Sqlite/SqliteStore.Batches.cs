using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore
{
    private const int SqliteConstraint = 19;

    public async Task<BatchRecord> CreateBatchAsync(BatchPlan plan, long ruleSetId, CancellationToken ct)
    {
        var stagingPath = Database.StagingFileOf(plan.BatchId);
        try
        {
            await WriteAsync((connection, transaction) =>
            {
                InsertMaster(connection, transaction, plan, ruleSetId, stagingPath);
                InsertPartitions(connection, transaction, plan);
                LogEvent(connection, transaction, plan.BatchId, "BATCH_CREATED",
                    $"period {plan.Period}, {plan.Partitions.Count} partitions, rules v{plan.Rules.Version}, by {plan.InitiatedBy}");
                return true;
            }, ct);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint && e.Message.Contains(ClosedPeriodError, StringComparison.Ordinal))
        {
            throw new PeriodStateException(plan.Period, "it is closed: no batch is planned in a closed period; reopen it first (four-eyes)");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            throw new BatchConflictException(plan.BatchId, DescribeConflict(plan), e);
        }

        // The master row exists first, so a staging file is only ever created for a batch that owns it.
        StagingFile.Create(stagingPath, plan.BatchId, plan.Partitions.Select(p => p.PartitionNo).ToList());
        return (await FindBatchAsync(plan.BatchId, ct))!;
    }

    public Task<BatchRecord?> FindBatchAsync(string batchId, CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(FindBatch(connection, null, batchId));
    }

    public Task<IReadOnlyList<BatchRecord>> ListBatchesAsync(Period? period, int limit, CancellationToken ct)
    {
        using var connection = Database.Open();
        var rows = connection.Query<MasterRow>(
            $"SELECT {MasterRow.Columns} FROM {MasterRow.From} WHERE @period IS NULL OR m.period = @period ORDER BY m.created_at DESC, m.batch_id DESC LIMIT @limit",
            new { period = period?.ToString(), limit });
        return Task.FromResult<IReadOnlyList<BatchRecord>>(rows.Select(r => r.ToRecord()).ToList());
    }

    public Task<BatchRecord> MoveAsync(string batchId, BatchStatus from, BatchStatus to, string? reason, CancellationToken ct) =>
        WriteAsync((connection, transaction) => Move(connection, transaction, batchId, from, to, reason), ct);

    public Task<IReadOnlyList<PartitionRecord>> GetPartitionsAsync(string batchId, CancellationToken ct)
    {
        if (File.Exists(Database.StagingFileOf(batchId)))
        {
            using var staged = OpenWithStaging(batchId);
            return Task.FromResult(GetPartitions(staged, null, batchId, withCheckpoints: true));
        }

        using var connection = Database.Open();
        return Task.FromResult(GetPartitions(connection, null, batchId, withCheckpoints: false));
    }

    public Task<int> RetryFailedPartitionsAsync(string batchId, CancellationToken ct) =>
        PutFailedBackAsync(batchId, null, null, ct);

    public Task<bool> ExpireLeaseAsync(string batchId, int partitionNo, string owner, CancellationToken ct) =>
        WriteAsync((connection, transaction) => connection.Execute("""
            UPDATE staging_worker_partition SET lease_expires_at_ms = 0
            WHERE batch_id = @batchId AND partition_no = @partitionNo AND lease_owner = @owner AND status = 'RUNNING'
            """, new { batchId, partitionNo, owner }, transaction) == 1, ct);

    public Task RecordEventAsync(string batchId, string eventName, string details, CancellationToken ct) =>
        WriteAsync((connection, transaction) =>
        {
            LogEvent(connection, transaction, batchId, eventName, details);
            return true;
        }, ct);

    public Task<IReadOnlyList<BatchEvent>> GetEventsAsync(string batchId, CancellationToken ct)
    {
        using var connection = Database.Open();
        var events = connection.Query<(long Id, string Batch, string Event, string Time, string Details)>(
                "SELECT event_id, batch_id, event, event_time, details FROM batch_lifecycle_log WHERE batch_id = @batchId ORDER BY event_id",
                new { batchId })
            .Select(e => new BatchEvent(e.Id, e.Batch, e.Event, MasterRow.Time(e.Time)!.Value, e.Details))
            .ToList();
        return Task.FromResult<IReadOnlyList<BatchEvent>>(events);
    }

    internal static BatchRecord? FindBatch(SqliteConnection connection, SqliteTransaction? transaction, string batchId) =>
        connection.QuerySingleOrDefault<MasterRow>($"SELECT {MasterRow.Columns} FROM {MasterRow.From} WHERE m.batch_id = @batchId",
            new { batchId }, transaction)?.ToRecord();

    internal static IReadOnlyList<PartitionRecord> GetPartitions(SqliteConnection connection, SqliteTransaction? transaction, string batchId, bool withCheckpoints) =>
        connection.Query<PartitionRow>(
                $"{(withCheckpoints ? PartitionRow.WithCheckpoints : PartitionRow.FromMain)} WHERE p.batch_id = @batchId ORDER BY p.partition_no",
                new { batchId }, transaction)
            .Select(p => p.ToRecord()).ToList();

    internal static BatchRecord Move(SqliteConnection connection, SqliteTransaction transaction, string batchId, BatchStatus from, BatchStatus to, string? reason)
    {
        BatchStatuses.EnsureCanMove(batchId, from, to);
        var changed = connection.Execute($"""
            UPDATE staging_month_end_master
            SET status = @to,
                status_reason = @reason,
                started_at = CASE WHEN @to = 'RUNNING' THEN coalesce(started_at, {SqliteDatabase.NowText}) ELSE started_at END,
                validated_at = CASE WHEN @from = 'VALIDATING' THEN {SqliteDatabase.NowText} ELSE validated_at END,
                updated_at = {SqliteDatabase.NowText}
            WHERE batch_id = @batchId AND status = @from
            """, new { batchId, from = from.Code(), to = to.Code(), reason }, transaction);
        if (changed != 1)
        {
            throw new BatchStateException(batchId, from, FindBatch(connection, transaction, batchId)?.Status);
        }

        LogEvent(connection, transaction, batchId, "STATUS_" + to.Code(), $"{from.Code()} -> {to.Code()}{(reason is null ? "" : ": " + reason)}");
        return FindBatch(connection, transaction, batchId)!;
    }

    internal static void LogEvent(SqliteConnection connection, SqliteTransaction transaction, string batchId, string eventName, string details) =>
        connection.Execute($"""
            INSERT INTO batch_lifecycle_log (batch_id, event, event_time, details) VALUES (@batchId, @eventName, {SqliteDatabase.NowText}, @details)
            """, new { batchId, eventName, details }, transaction);

    private static void InsertMaster(SqliteConnection connection, SqliteTransaction transaction, BatchPlan plan, long ruleSetId, string stagingPath) =>
        connection.Execute($"""
            INSERT INTO staging_month_end_master (
                batch_id, period, period_start, period_end, kind, status, rule_set_id, coa_version_id, sequence_start, sequence_end,
                premium_count, claim_count, expected_je_count, expected_line_count, source_data_checksum, premium_total, claim_total,
                worker_count, chunk_size, initiated_by, created_at, staging_location, updated_at)
            VALUES (
                @BatchId, @period, @start, @end, 'MONTHEND', 'PLANNED', @ruleSetId, @coa, @first, @last,
                @PremiumCount, @ClaimCount, @expected, @ExpectedLineCount, @SourceChecksum, @premiumTotal, @claimTotal,
                @WorkerCount, @ChunkSize, @InitiatedBy, {SqliteDatabase.NowText}, @stagingPath, {SqliteDatabase.NowText})
            """, new
        {
            plan.BatchId, period = plan.Period.ToString(), start = plan.Period.Start.ToString("yyyy-MM-dd"), end = plan.Period.End.ToString("yyyy-MM-dd"),
            ruleSetId, coa = plan.Rules.Chart.Version, first = plan.Sequence.First, last = plan.Sequence.Last, plan.PremiumCount, plan.ClaimCount,
            expected = plan.ExpectedJeCount, plan.ExpectedLineCount, plan.SourceChecksum, premiumTotal = plan.Totals.PremiumTotal.ToMoney().Minor,
            claimTotal = plan.Totals.ClaimTotal.ToMoney().Minor, plan.WorkerCount, plan.ChunkSize, plan.InitiatedBy, stagingPath,
        }, transaction);

    private static void InsertPartitions(SqliteConnection connection, SqliteTransaction transaction, BatchPlan plan) =>
        connection.Execute("""
            INSERT INTO staging_worker_partition (batch_id, partition_no, source_type, first_source_id, last_source_id, first_position,
                record_count, sequence_start, sequence_end, content_digest, line_count)
            VALUES (@batchId, @PartitionNo, @kind, @FirstSourceId, @LastSourceId, @FirstPosition, @RecordCount, @first, @last, @content,
                @LineCount)
            """, plan.Partitions.Select(p => new
        {
            batchId = plan.BatchId, p.PartitionNo, kind = p.Kind.Code(), p.FirstSourceId, p.LastSourceId, p.FirstPosition, p.RecordCount,
            first = p.Sequence.First, last = p.Sequence.Last, content = p.Content?.ToString(), p.LineCount,
        }), transaction);

    private string DescribeConflict(BatchPlan plan)
    {
        using var connection = Database.Open();
        var holders = connection.Query<ConflictingBatch>("""
            SELECT batch_id AS BatchId, period AS Period, status AS Status FROM staging_month_end_master
            WHERE (period = @period AND status IN (SELECT value FROM json_each(@periodHolders)))
               OR (sequence_start = @start AND status IN (SELECT value FROM json_each(@open)))
            """, new
        {
            period = plan.Period.ToString(), start = plan.Sequence.First,
            periodHolders = System.Text.Json.JsonSerializer.Serialize(BatchConflicts.PeriodHolders),
            open = System.Text.Json.JsonSerializer.Serialize(BatchStatuses.Open.Select(s => s.Code())),
        }).ToList();
        return BatchConflicts.Describe(plan, FindBatch(connection, null, plan.BatchId), holders);
    }
}
