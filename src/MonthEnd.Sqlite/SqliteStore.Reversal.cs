using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Diagnostics;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Reversal;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Sqlite.Staging;

namespace MonthEnd.Sqlite;

/// <summary>
/// Reversal by compensating entries (<see cref="IBatchReversal"/>). The mirror entries are staged in
/// the reversal's own staging file, a table pair per partition as any batch's, in one write
/// transaction that also moves the batch from PLANNED to VALIDATING (so no worker ever sees it
/// RUNNING); the checks and the commit are one more, as for a month-end batch.
/// </summary>
public sealed partial class SqliteStore : IBatchReversal
{
    private const string ReversalColumns = "reverses_batch_id AS ReversesBatchId, reversal_date AS ReversalDate, reset_source AS ResetSource";

    private static readonly string OpenStatusesJson = System.Text.Json.JsonSerializer.Serialize(BatchStatuses.Open.Select(s => s.Code()));

    public async Task<ReversalBatch> PlanReversalAsync(ReversalRequest request, CancellationToken ct)
    {
        string reversalId;
        try
        {
            reversalId = await WriteAsync((connection, transaction) => PlanReversal(connection, transaction, request), ct);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint && e.Message.Contains(ClosedPeriodError, StringComparison.Ordinal))
        {
            throw new ReversalRefusedException(request.OriginalBatchId, $"the accounting period {Period.Of(request.Date)} of the reversal date is closed");
        }

        var reversal = (await FindReversalAsync(reversalId, ct))!;
        var path = Database.StagingFileOf(reversalId);
        if (reversal.Batch.Status == BatchStatus.Planned && !File.Exists(path))
        {
            StagingFile.Create(path, reversalId, [.. (await GetPartitionsAsync(reversalId, ct)).Select(p => p.PartitionNo)]);
        }

        return reversal;
    }

    private string PlanReversal(SqliteConnection connection, SqliteTransaction transaction, ReversalRequest request)
    {
        var original = FindBatch(connection, transaction, request.OriginalBatchId)
                       ?? throw new ReversalRefusedException(request.OriginalBatchId, "there is no such batch");
        var open = connection.Query<(string Id, string Kind, string? Reverses)>(
            "SELECT batch_id, kind, reverses_batch_id FROM staging_month_end_master WHERE status IN (SELECT value FROM json_each(@open))",
            new { open = OpenStatusesJson }, transaction).ToList();
        if (open.FirstOrDefault(b => b.Kind == BatchKind.Reversal && b.Reverses == original.BatchId) is { Id: { } resumed })
        {
            return ReversalResumption.Check(FindReversal(connection, transaction, resumed)!, request);
        }

        var closed = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM accounting_period WHERE period = @period AND status = 'CLOSED'", new { period = Period.Of(request.Date).ToString() }, transaction) > 0;
        if (ReversalRules.Refusal(original, request.Date, closed, open.FirstOrDefault().Id) is { } refusal)
        {
            throw new ReversalRefusedException(original.BatchId, refusal);
        }

        var first = connection.ExecuteScalar<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
        var id = Enumerable.Range(1, 100).Select(a => ReversalRules.IdFor(original.BatchId, first, a))
            .First(candidate => FindBatch(connection, transaction, candidate) is null);
        var offset = first - original.Sequence.First;
        var period = Period.Of(request.Date);
        connection.Execute($"""
            INSERT INTO staging_month_end_master (
                batch_id, period, period_start, period_end, kind, status, rule_set_id, coa_version_id, sequence_start, sequence_end,
                premium_count, claim_count, expected_je_count, expected_line_count, source_data_checksum, premium_total, claim_total,
                worker_count, chunk_size, initiated_by, created_at, staging_location, updated_at, reverses_batch_id, reversal_date, reset_source)
            SELECT @id, @period, @start, @end, 'REVERSAL', 'PLANNED', rule_set_id, coa_version_id, sequence_start + @offset, sequence_end + @offset,
                   premium_count, claim_count, expected_je_count, expected_line_count, source_data_checksum, premium_total, claim_total,
                   1, chunk_size, @by, {SqliteDatabase.NowText}, @staging, {SqliteDatabase.NowText}, batch_id, @date, @reset
            FROM staging_month_end_master WHERE batch_id = @original
            """, new
        {
            id, period = period.ToString(), start = period.Start.ToString("yyyy-MM-dd"), end = period.End.ToString("yyyy-MM-dd"), offset,
            by = request.InitiatedBy, staging = Database.StagingFileOf(id), date = request.Date.ToString("yyyy-MM-dd"),
            reset = request.ResetSource, original = original.BatchId,
        }, transaction);
        connection.Execute("""
            INSERT INTO staging_worker_partition (batch_id, partition_no, source_type, first_source_id, last_source_id, first_position,
                record_count, sequence_start, sequence_end, content_digest, line_count)
            SELECT @id, partition_no, source_type, first_source_id, last_source_id, first_position,
                   record_count, sequence_start + @offset, sequence_end + @offset, NULL, line_count
            FROM staging_worker_partition WHERE batch_id = @original
            """, new { id, offset, original = original.BatchId }, transaction);
        LogEvent(connection, transaction, id, "BATCH_CREATED",
            $"reversal of batch {original.BatchId} (JE {original.Sequence}) dated {request.Date:yyyy-MM-dd}" +
            $"{(request.ResetSource ? ", source rows to be reset" : "")}, by {request.InitiatedBy}");
        return id;
    }

    public Task<ReversalBatch?> FindReversalAsync(string reversalBatchId, CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(FindReversal(connection, null, reversalBatchId));
    }

    private static ReversalBatch? FindReversal(SqliteConnection connection, SqliteTransaction? transaction, string id)
    {
        var batch = FindBatch(connection, transaction, id);
        if (batch is null || batch.Kind != BatchKind.Reversal)
        {
            return null;
        }

        var row = connection.QuerySingle<(string ReversesBatchId, string ReversalDate, long ResetSource)>(
            $"SELECT {ReversalColumns} FROM staging_month_end_master WHERE batch_id = @id", new { id }, transaction);
        var originalFirst = connection.ExecuteScalar<long>(
            "SELECT sequence_start FROM staging_month_end_master WHERE batch_id = @original", new { original = row.ReversesBatchId }, transaction);
        return new ReversalBatch(batch, row.ReversesBatchId, originalFirst, DateOnly.ParseExact(row.ReversalDate, "yyyy-MM-dd"), row.ResetSource == 1);
    }

    public async Task<ReversalBatch> StageReversalAsync(ReversalBatch reversal, CancellationToken ct)
    {
        // Lock order: the write lock, then main, then staging (BEGIN IMMEDIATE takes main's before the attached file's).
        using (await WriteGate.EnterAsync($"staging reversal {reversal.BatchId}", ct))
        {
            using var connection = OpenWithStaging(reversal.BatchId, SqliteDatabase.CommitCacheMegabytes);
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = FindBatch(connection, transaction, reversal.BatchId)!;
            if (current.Status is BatchStatus.Planned or BatchStatus.Running)
            {
                if (current.Status == BatchStatus.Planned)
                {
                    Move(connection, transaction, reversal.BatchId, BatchStatus.Planned, BatchStatus.Running, null);
                }

                StageMirror(connection, transaction, reversal);
                Move(connection, transaction, reversal.BatchId, BatchStatus.Running, BatchStatus.Validating, null);
            }
            else if (current.Status is not (BatchStatus.Validating or BatchStatus.Committing))
            {
                throw new BatchStateException(reversal.BatchId, BatchStatus.Validating, current.Status);
            }

            transaction.Commit();
        }

        return (await FindReversalAsync(reversal.BatchId, ct))!;
    }

    private static void StageMirror(SqliteConnection connection, SqliteTransaction transaction, ReversalBatch reversal)
    {
        var date = reversal.Date.ToString("yyyy-MM-dd");
        foreach (var partition in GetPartitions(connection, transaction, reversal.BatchId, withCheckpoints: false))
        {
            var no = partition.PartitionNo;
            var original = new { first = partition.Sequence.First - reversal.Offset, last = partition.Sequence.Last - reversal.Offset };
            connection.Execute($"DELETE FROM {StagingTables.Line(no)}; DELETE FROM {StagingTables.Header(no)}", transaction: transaction);
            connection.Execute("DELETE FROM staging.staging_partition_checkpoint WHERE partition_no = @no", new { no }, transaction);
            connection.Execute(StagingMeasure.For(partition, "reversal_stage_headers"),
                new { original.first, original.last, offset = reversal.Offset, partitionNo = no, date }, transaction);
            connection.Execute(StagingMeasure.For(partition, "reversal_stage_lines"), new { original.first, original.last, offset = reversal.Offset }, transaction);
            connection.Execute("""
                INSERT INTO staging.staging_partition_checkpoint (partition_no, records_processed, last_source_id) VALUES (@no, @count, @last)
                """, new { no, count = partition.RecordCount, last = partition.LastSourceId }, transaction);
            connection.Execute($"""
                UPDATE staging_worker_partition
                SET status = 'COMPLETED', records_processed = record_count, last_source_id_processed = last_source_id, attempts = attempts + 1,
                    started_at = coalesce(started_at, {SqliteDatabase.NowText}), completed_at = {SqliteDatabase.NowText}, error = NULL
                WHERE batch_id = @batchId AND partition_no = @no
                """, new { batchId = reversal.BatchId, no }, transaction);
        }
    }

    public async Task<CommitOutcome> CommitReversalAsync(ReversalBatch reversal, string postedBy, CancellationToken ct)
    {
        StoredText.Key(postedBy, "the user posting");
        using var writing = await WriteGate.EnterAsync($"validating and committing reversal {reversal.BatchId}", ct);
        using var connection = OpenWithStaging(reversal.BatchId, SqliteDatabase.CommitCacheMegabytes);
        var timer = new StepTimer();
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var current = ReadyToValidate(connection, transaction, reversal.BatchId);

            var partitions = GetPartitions(connection, transaction, reversal.BatchId, withCheckpoints: true);
            // One core measures the staged rows (every row read and hashed) while this transaction, which
            // holds the write lock on both files, compares them with the original entries on the other.
            var measuring = Task.Run(() =>
            {
                using var reader = OpenWithStaging(reversal.BatchId);
                return StagingMeasure.Measure(reader, partitions);
            }, ct);
            var mirror = CompareMirror(connection, transaction, reversal, partitions);
            var facts = measuring.GetAwaiter().GetResult();
            timer.Mark("measure staging ∥ compare with the original entries");
            var original = FindBatch(connection, transaction, reversal.ReversesBatchId)!;
            var originalNet = LedgerNet(connection, transaction, original.Sequence);
            var next = connection.ExecuteScalar<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
            var report = ReversalVerifier.Evaluate(reversal with { Batch = current }, original, facts, mirror, originalNet, next);
            SaveValidation(connection, transaction, reversal.BatchId, report);
            if (!report.Passed)
            {
                var failed = Move(connection, transaction, reversal.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
                transaction.Commit();
                return new CommitOutcome(failed, report, null, timer.Steps);
            }

            Move(connection, transaction, reversal.BatchId, BatchStatus.Validating, BatchStatus.Committing, null);
            var result = WriteReversal(connection, transaction, reversal with { Batch = current }, partitions, facts, originalNet, postedBy, timer);
            transaction.Commit();
            timer.Mark("durable commit");
            return new CommitOutcome(FindBatch(connection, null, reversal.BatchId)!, report, result, timer.Steps);
        }
    }

    private static MirrorComparison CompareMirror(SqliteConnection connection, SqliteTransaction transaction, ReversalBatch reversal, IReadOnlyList<PartitionRecord> partitions)
    {
        var original = new SequenceRange(reversal.OriginalFirstJe, reversal.OriginalFirstJe + reversal.Batch.ExpectedJeCount - 1);
        var parameters = new { first = original.First, last = original.Last, offset = reversal.Offset, date = reversal.Date.ToString("yyyy-MM-dd") };
        long headers = 0, lines = 0;
        long? firstBad = null;
        foreach (var partition in partitions)
        {
            var h = connection.QuerySingle<(long Count, long? First)>(StagingMeasure.For(partition, "reversal_mirror_headers"), parameters, transaction);
            var l = connection.QuerySingle<(long Count, long? First)>(StagingMeasure.For(partition, "reversal_mirror_lines"), parameters, transaction);
            headers += h.Count;
            lines += l.Count;
            firstBad = new[] { firstBad, h.First, l.First }.Where(x => x is not null).DefaultIfEmpty().Min();
        }

        var originalEntries = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", parameters, transaction);
        var originalLines = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM journal_entry_line WHERE je_id BETWEEN @first AND @last", parameters, transaction);
        var detail = firstBad is { } je ? MirrorDifference(connection, transaction, reversal, partitions, je) : null;
        return new MirrorComparison(originalEntries, originalLines, headers, lines, firstBad, detail);
    }

    /// <summary>The entry's staged rows beside the mirror of its original's, column by column.</summary>
    private static string? MirrorDifference(
        SqliteConnection connection, SqliteTransaction transaction, ReversalBatch reversal, IReadOnlyList<PartitionRecord> partitions, long je)
    {
        var one = new SequenceRange(je, je);
        var staged = partitions.SelectMany(p => StagingMeasure.ContentRows(connection, StagingTables.Header(p.PartitionNo), StagingTables.Line(p.PartitionNo), one, transaction));
        var originals = StagingMeasure.ContentRows(connection, "journal_entry_header", "journal_entry_line", new SequenceRange(je - reversal.Offset, je - reversal.Offset), transaction);
        return ReversalMirror.FirstDifference(originals, [.. staged], reversal.Offset, reversal.Date);
    }

    private static FundAmounts LedgerNet(SqliteConnection connection, SqliteTransaction transaction, SequenceRange range)
    {
        var t = connection.QuerySingle<(long Lines, long Debit, long Credit, long Tabarru, long Tanahud, long Ujroh)>(
            SqlText.Get("ledger_range_totals"), new { first = range.First, last = range.Last }, transaction);
        return FundAmounts.Of(new Money(t.Tabarru), new Money(t.Tanahud), new Money(t.Ujroh));
    }

    /// <summary>The ledger, the funds, the original's status and (when asked) its source rows, re-checking as it goes.</summary>
    private static CommitResult WriteReversal(
        SqliteConnection connection, SqliteTransaction transaction, ReversalBatch reversal, IReadOnlyList<PartitionRecord> partitions, StagingFacts facts,
        FundAmounts originalNet, string postedBy, StepTimer timer)
    {
        var batch = reversal.Batch;
        var now = connection.ExecuteScalar<string>($"SELECT {SqliteDatabase.NowText}", transaction: transaction);
        var header = new
        {
            coa = batch.CoaVersion, postedBy, postedAt = now, batchId = batch.BatchId,
            batchCreatedAt = batch.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), offset = reversal.Offset,
        };
        long headers = 0, lines = 0;
        foreach (var partition in partitions)
        {
            headers += connection.Execute(StagingMeasure.For(partition, "commit_reversal_headers"), header, transaction);
        }

        foreach (var partition in partitions)
        {
            lines += connection.Execute(StagingMeasure.For(partition, "commit_lines"), transaction: transaction);
        }

        Refuse(headers != batch.ExpectedJeCount || lines != batch.ExpectedLineCount, batch,
            $"wrote {headers} entries and {lines} lines, expected {batch.ExpectedJeCount} and {batch.ExpectedLineCount}");
        timer.Mark("ledger entries and lines");
        var net = LedgerNet(connection, transaction, batch.Sequence);
        Refuse(Funds.All.Any(f => net[f] != facts.FundNetChange[f] || net[f] + originalNet[f] != MoneyTotal.Zero), batch,
            $"the written fund movements ({net}) do not undo the original's ({originalNet})");
        foreach (var fund in Funds.All)
        {
            connection.Execute($"""
                UPDATE fund_balance SET current_balance = current_balance + @net, last_updated = {SqliteDatabase.NowText}, updated_by = @by
                WHERE fund_type = @fund
                """, new { net = net[fund].ToMoney().Minor, by = $"REVERSAL {batch.BatchId}", fund = fund.Code() }, transaction);
        }

        foreach (var partition in partitions)
        {
            connection.Execute("UPDATE staging_worker_partition SET content_digest = @digest WHERE batch_id = @batchId AND partition_no = @no",
                new { digest = facts.ContentDigests.GetValueOrDefault(partition.PartitionNo).ToString(), batchId = batch.BatchId, no = partition.PartitionNo },
                transaction);
        }

        var (premiums, claims) = reversal.ResetSource ? ResetSource(connection, transaction, reversal.ReversesBatchId) : (0, 0);
        timer.Mark("funds, seal digests, source");
        Move(connection, transaction, reversal.ReversesBatchId, BatchStatus.Committed, BatchStatus.Reversed,
            $"reversed by batch {batch.BatchId} (JE {batch.Sequence}) dated {reversal.Date:yyyy-MM-dd}");
        connection.Execute($"""
            UPDATE staging_month_end_master
            SET status = 'COMMITTED', actual_je_count = @headers, committed_at = {SqliteDatabase.NowText}, updated_at = {SqliteDatabase.NowText},
                status_reason = NULL
            WHERE batch_id = @batchId AND status = 'COMMITTING'
            """, new { headers, batchId = batch.BatchId }, transaction);
        LogEvent(connection, transaction, batch.BatchId, "BATCH_COMMITTED",
            $"reversal of {reversal.ReversesBatchId}: {headers} entries, {lines} lines, JE {batch.Sequence}; funds {net}" +
            (reversal.ResetSource ? $"; {premiums} premiums and {claims} claims made eligible again" : "") + $"; steps: {timer}");
        return new CommitResult(headers, lines, premiums, claims, net);
    }
}
