using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Diagnostics;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Reversal;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// Reversal by compensating entries (<see cref="IBatchReversal"/>). The mirror entries are staged
/// into the reversal's own staging tables (made like the ledger's partitions, as any batch's) in one
/// transaction that also moves the batch from PLANNED to VALIDATING, so no worker ever sees it
/// RUNNING; the checks and the commit, which attaches the tables as the reversal's ledger partitions,
/// are one more.
/// </summary>
public sealed partial class PostgresStore : IBatchReversal
{
    public async Task<ReversalBatch> PlanReversalAsync(ReversalRequest request, CancellationToken ct)
    {
        try
        {
            var id = await InTransactionAsync((connection, transaction, _) => PlanReversalAsync(connection, transaction, request), ct);
            return (await FindReversalAsync(id, ct))!;
        }
        catch (PostgresException e) when (e.SqlState == ClosedPeriodState)
        {
            throw new ReversalRefusedException(request.OriginalBatchId, $"the accounting period {Period.Of(request.Date)} of the reversal date is closed");
        }
    }

    private static async Task<string> PlanReversalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReversalRequest request)
    {
        // As a committed rollback does: no batch is planned or changes status meanwhile, so the checks hold until this commits.
        await connection.ExecuteAsync("LOCK TABLE staging_month_end_master IN SHARE ROW EXCLUSIVE MODE", transaction: transaction);
        var original = await FindBatchAsync(connection, transaction, request.OriginalBatchId)
                       ?? throw new ReversalRefusedException(request.OriginalBatchId, "there is no such batch");
        var open = (await connection.QueryAsync<(string Id, string Kind, string? Reverses)>(
            "SELECT batch_id, kind, reverses_batch_id FROM staging_month_end_master WHERE status = ANY(@open) ORDER BY created_at",
            new { open = BatchStatuses.Open.Select(s => s.Code()).ToArray() }, transaction)).ToList();
        if (open.FirstOrDefault(b => b.Kind == BatchKind.Reversal && b.Reverses == original.BatchId) is { Id: { } resumed })
        {
            return ReversalResumption.Check((await FindReversalAsync(connection, transaction, resumed))!, request);
        }

        var closed = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM accounting_period WHERE period = @period AND status = 'CLOSED')",
            new { period = Period.Of(request.Date).ToString() }, transaction);
        if (ReversalRules.Refusal(original, request.Date, closed, open.FirstOrDefault().Id) is { } refusal)
        {
            throw new ReversalRefusedException(original.BatchId, refusal);
        }

        var first = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
        var id = "";
        for (var attempt = 1; id.Length == 0 || await FindBatchAsync(connection, transaction, id) is not null; attempt++)
        {
            id = ReversalRules.IdFor(original.BatchId, first, attempt);
        }

        var offset = first - original.Sequence.First;
        var period = Period.Of(request.Date);
        var (key, created) = await connection.QuerySingleAsync<(long, DateTime)>("""
            INSERT INTO staging_month_end_master (
                batch_id, period, period_start, period_end, kind, status, rule_set_id, coa_version_id, sequence_start, sequence_end,
                premium_count, claim_count, expected_je_count, expected_line_count, source_data_checksum, premium_total, claim_total,
                worker_count, chunk_size, initiated_by, reverses_batch_id, reversal_date, reset_source)
            SELECT @id, @period, @start, @end, 'REVERSAL', 'PLANNED', rule_set_id, coa_version_id, sequence_start + @offset, sequence_end + @offset,
                   premium_count, claim_count, expected_je_count, expected_line_count, source_data_checksum, premium_total, claim_total,
                   1, chunk_size, @by, batch_id, @date, @reset
            FROM staging_month_end_master WHERE batch_id = @original
            RETURNING batch_key, created_at
            """, new
        {
            id, period = period.ToString(), start = period.Start, end = period.End, offset, by = request.InitiatedBy, date = request.Date,
            reset = request.ResetSource, original = original.BatchId,
        }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO staging_worker_partition (batch_id, partition_no, source_type, first_source_id, last_source_id, first_position,
                record_count, sequence_start, sequence_end, content_digest, line_count)
            SELECT @id, partition_no, source_type, first_source_id, last_source_id, first_position,
                   record_count, sequence_start + @offset, sequence_end + @offset, NULL, line_count
            FROM staging_worker_partition WHERE batch_id = @original
            """, new { id, offset, original = original.BatchId }, transaction);
        await connection.ExecuteAsync("SELECT monthend_create_staging(@key, @id, @created, @coa, @first, @last)", new
        {
            key, id, created = DateTime.SpecifyKind(created, DateTimeKind.Utc), coa = original.CoaVersion, first,
            last = first + original.ExpectedJeCount - 1,
        }, transaction);
        await connection.ExecuteAsync("UPDATE staging_month_end_master SET staging_location = @location WHERE batch_id = @id",
            new { id, location = StagingTables.Describe(key) }, transaction);
        await LogEventAsync(connection, transaction, id, "BATCH_CREATED",
            $"reversal of batch {original.BatchId} (JE {original.Sequence}) dated {request.Date:yyyy-MM-dd}" +
            $"{(request.ResetSource ? ", source rows to be reset" : "")}, by {request.InitiatedBy}");
        return id;
    }

    public Task<ReversalBatch?> FindReversalAsync(string reversalBatchId, CancellationToken ct) =>
        RunAsync((connection, _) => FindReversalAsync(connection, null, reversalBatchId), ct);

    private static async Task<ReversalBatch?> FindReversalAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id)
    {
        var batch = await FindBatchAsync(connection, transaction, id);
        if (batch is null || batch.Kind != BatchKind.Reversal)
        {
            return null;
        }

        var row = await connection.QuerySingleAsync<(string ReversesBatchId, DateTime ReversalDate, bool ResetSource, long OriginalFirst)>("""
            SELECT r.reverses_batch_id, r.reversal_date::timestamp, r.reset_source, o.sequence_start
            FROM staging_month_end_master r JOIN staging_month_end_master o ON o.batch_id = r.reverses_batch_id
            WHERE r.batch_id = @id
            """, new { id }, transaction);
        return new ReversalBatch(batch, row.ReversesBatchId, row.OriginalFirst, DateOnly.FromDateTime(row.ReversalDate), row.ResetSource);
    }

    /// <summary>
    /// Stages the mirror entries chunk by chunk as workers stage a batch (<see cref="MirrorCopy"/>):
    /// a first transaction claims the batch (PLANNED to RUNNING; a RUNNING one, left by a process
    /// that died, starts over on empty tables), then one transaction per chunk of the original, two
    /// at a time, then a last one that marks the partitions done and moves the batch to VALIDATING.
    /// Workers take MONTHEND batches only, so none ever touches it. One process at a time (the
    /// batch's commit lock). Should the original rows read not add up to the digests sealed when the
    /// original committed (its ledger was edited since), the chunks' seals are dropped: the commit
    /// then compares every staged row with the original row it mirrors, as the SQLite store does.
    /// </summary>
    public async Task<ReversalBatch> StageReversalAsync(ReversalBatch reversal, CancellationToken ct)
    {
        var key = await RunAsync((connection, _) => BatchKeyAsync(connection, null, reversal.BatchId), ct);
        await using (var exclusive = await BatchCommitLock.AcquireAsync(this, reversal.BatchId, key, ct))
        {
            if (await ClaimReversalStagingAsync(reversal, key, ct))
            {
                var partitions = await OriginalPartitionsAsync(reversal, ct);
                var read = new ConcurrentDictionary<int, ContentDigest>();
                var clock = new MirrorCopyClock();
                var chunks = partitions.SelectMany(p => MirrorCopy.ChunksOf(p.PartitionNo, p.Range, reversal.Offset, reversal.Batch.ChunkSize)).ToList();
                await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (chunk, token) =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var digest = await InTransactionAsync((connection, transaction, t) => MirrorCopy.StageAsync(connection, transaction, reversal, key, chunk, clock, t), token);
                    clock.Add(MirrorCopyClock.Phase.Chunk, Stopwatch.GetTimestamp() - started);
                    clock.ChunkDone();
                    read.AddOrUpdate(chunk.PartitionNo, digest, (_, sum) => sum.Add(digest));
                });
                var unlike = partitions.FirstOrDefault(p => p.Sealed != read.GetValueOrDefault(p.PartitionNo));
                await FinishReversalStagingAsync(reversal, unlike?.PartitionNo, clock, ct);
            }
        }

        return (await FindReversalAsync(reversal.BatchId, ct))!;
    }

    /// <summary>True when there is staging to do: the batch is now RUNNING on empty staging tables without seals.</summary>
    private Task<bool> ClaimReversalStagingAsync(ReversalBatch reversal, long key, CancellationToken ct) =>
        InTransactionAsync(async (connection, transaction, _) =>
        {
            var status = await connection.ExecuteScalarAsync<string>(
                "SELECT status FROM staging_month_end_master WHERE batch_id = @id FOR UPDATE", new { id = reversal.BatchId }, transaction);
            var current = BatchStatuses.Parse(status!);
            if (current is BatchStatus.Validating or BatchStatus.Committing)
            {
                return false;
            }

            if (current == BatchStatus.Planned)
            {
                await MoveAsync(connection, transaction, reversal.BatchId, BatchStatus.Planned, BatchStatus.Running, null);
            }
            else if (current != BatchStatus.Running)
            {
                throw new BatchStateException(reversal.BatchId, BatchStatus.Validating, current);
            }

            await connection.ExecuteAsync($"TRUNCATE {StagingTables.Header(key)}, {StagingTables.Line(key)}", transaction: transaction);
            await connection.ExecuteAsync("DELETE FROM staging_chunk_seal WHERE batch_id = @id", new { id = reversal.BatchId }, transaction);
            return true;
        }, ct);

    private sealed record OriginalPartition(int PartitionNo, SequenceRange Range, ContentDigest? Sealed);

    private Task<List<OriginalPartition>> OriginalPartitionsAsync(ReversalBatch reversal, CancellationToken ct) =>
        RunAsync(async (connection, _) => (await connection.QueryAsync<(int No, long First, long Last, string? Digest)>("""
            SELECT partition_no, sequence_start, sequence_end, content_digest FROM staging_worker_partition WHERE batch_id = @original ORDER BY partition_no
            """, new { original = reversal.ReversesBatchId }))
            .Select(p => new OriginalPartition(p.No, new SequenceRange(p.First, p.Last), ContentDigest.ParseOrNull(p.Digest))).ToList(), ct);

    private Task<bool> FinishReversalStagingAsync(ReversalBatch reversal, int? unlikePartition, MirrorCopyClock clock, CancellationToken ct) =>
        InTransactionAsync(async (connection, transaction, _) =>
        {
            var status = await connection.ExecuteScalarAsync<string>(
                "SELECT status FROM staging_month_end_master WHERE batch_id = @id FOR UPDATE", new { id = reversal.BatchId }, transaction);
            if (BatchStatuses.Parse(status!) != BatchStatus.Running)
            {
                throw new BatchStateException(reversal.BatchId, BatchStatus.Running, BatchStatuses.Parse(status!));
            }

            if (unlikePartition is { } no)
            {
                await connection.ExecuteAsync("DELETE FROM staging_chunk_seal WHERE batch_id = @id", new { id = reversal.BatchId }, transaction);
                await LogEventAsync(connection, transaction, reversal.BatchId, "STAGING_UNSEALED",
                    $"the original batch {reversal.ReversesBatchId}'s ledger (partition {no}) is not what its seal says: " +
                    "the commit will compare every mirror with the ledger row by row; run audit verify");
            }

            await LogEventAsync(connection, transaction, reversal.BatchId, "REVERSAL_STAGED", clock.ToString());
            await connection.ExecuteAsync("""
                UPDATE staging_worker_partition
                SET status = 'COMPLETED', records_processed = record_count, last_source_id_processed = last_source_id, attempts = attempts + 1,
                    started_at = coalesce(started_at, now()), completed_at = now(), error = NULL
                WHERE batch_id = @id
                """, new { id = reversal.BatchId }, transaction);
            await MoveAsync(connection, transaction, reversal.BatchId, BatchStatus.Running, BatchStatus.Validating, null);
            return true;
        }, ct);

    public async Task<CommitOutcome> CommitReversalAsync(ReversalBatch reversal, string postedBy, CancellationToken ct)
    {
        StoredText.Key(postedBy, "the user posting");
        var key = await RunAsync((connection, _) => BatchKeyAsync(connection, null, reversal.BatchId), ct);
        await using var exclusive = await BatchCommitLock.AcquireAsync(this, reversal.BatchId, key, ct);
        var current = await ReadyToValidateAsync(reversal.BatchId, ct);
        var timer = new StepTimer();
        var (report, result) = await InTransactionAsync(async (connection, transaction, token) =>
        {
            await connection.ExecuteAsync("SELECT batch_id FROM staging_month_end_master WHERE batch_id = @id FOR UPDATE", new { id = reversal.BatchId }, transaction);
            await connection.ExecuteAsync("SELECT monthend_lock_staging(@key)", new { key }, transaction);
            var (facts, mirror, keyed) = await ReversalStagingAsync(connection, reversal with { Batch = current }, key, timer, token);
            var original = (await FindBatchAsync(connection, transaction, reversal.ReversesBatchId))!;
            var originalNet = (await SummarizeLedgerAsync(connection, transaction, original)).FundNetChange;
            var next = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
            var report = ReversalVerifier.Evaluate(reversal with { Batch = current }, original, facts, mirror, originalNet, next);
            if (!keyed && report.Passed)
            {
                report = report.RefusedAtCommit("a staged JE number or line is there twice: no key could be built");
            }

            await SaveValidationAsync(connection, transaction, reversal.BatchId, report);
            if (!report.Passed)
            {
                await MoveAsync(connection, transaction, reversal.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
                return (report, (CommitResult?)null);
            }

            await MoveAsync(connection, transaction, reversal.BatchId, BatchStatus.Validating, BatchStatus.Committing, null);
            return (report, await WriteReversalAsync(connection, transaction, reversal with { Batch = current }, key, facts, originalNet, postedBy, timer));
        }, ct);
        return new CommitOutcome((await FindBatchAsync(reversal.BatchId, ct))!, report, result, timer.Steps);
    }

    /// <summary>
    /// What staging holds and whether it mirrors the original, under the commit's locks: from the
    /// chunks' seals when staging is provably as they wrote it (<see cref="ChunkSeals"/>: each chunk
    /// wrote the mirrors of original rows that add up to the original's sealed digests), otherwise
    /// every staged row measured (on connections of its own) while this transaction compares each
    /// with the original row it mirrors. Beside the seal check, on a connection of its own, the keys
    /// the ledger's partitions need (the transaction's SHARE locks let CREATE INDEX through); a JE
    /// number staged twice fails them, and the checks then say so.
    /// </summary>
    private async Task<(StagingFacts Facts, MirrorComparison Mirror, bool Keyed)> ReversalStagingAsync(
        NpgsqlConnection connection, ReversalBatch reversal, long key, StepTimer timer, CancellationToken ct)
    {
        var keys = IndexStagingTablesAsync(key, ct);
        SealedStagingResult sealedStaging;
        (long Entries, long Lines) counts;
        try
        {
            sealedStaging = await ChunkSeals.ReconcileAsync(this, reversal.BatchId, key, ct);
            counts = await OriginalCountsAsync(connection, reversal);
        }
        finally
        {
            // Never leave a key being built on its own.
            await Task.WhenAny(keys);
        }

        var keyed = await keys;
        if (sealedStaging.Facts is { } sealedFacts && keyed)
        {
            timer.Mark("index staging ∥ staging as its chunks sealed it");
            return (sealedFacts, MirrorComparison.Sealed(counts.Entries, counts.Lines), keyed);
        }

        timer.Mark($"index staging ∥ staging unlike its chunk seals ({sealedStaging.Difference ?? "a JE number staged twice"})");
        var measuring = Task.Run(() => StagingMeasure.Measure(DataSource, reversal.Batch, key), ct);
        MirrorComparison mirror;
        try
        {
            mirror = await CompareMirrorAsync(connection, reversal, key);
        }
        finally
        {
            await Task.WhenAny(measuring);
        }

        var facts = await measuring;
        timer.Mark("measure staging ∥ compare with the original entries");
        return (facts, mirror, keyed);
    }

    private static Task<(long Entries, long Lines)> OriginalCountsAsync(NpgsqlConnection connection, ReversalBatch reversal) =>
        connection.QuerySingleAsync<(long Entries, long Lines)>("""
            SELECT (SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last),
                   (SELECT count(*) FROM journal_entry_line WHERE je_id BETWEEN @first AND @last)
            """, new { first = reversal.OriginalFirstJe, last = reversal.OriginalFirstJe + reversal.Batch.ExpectedJeCount - 1 });

    private static async Task<MirrorComparison> CompareMirrorAsync(NpgsqlConnection connection, ReversalBatch reversal, long key)
    {
        var range = new
        {
            first = reversal.OriginalFirstJe, last = reversal.OriginalFirstJe + reversal.Batch.ExpectedJeCount - 1, offset = reversal.Offset,
            date = reversal.Date, batchId = reversal.BatchId, coa = reversal.Batch.CoaVersion,
        };
        var headers = await connection.QuerySingleAsync<(long Count, long? First)>($"""
            SELECT count(*), min(s.je_id)
            FROM {StagingTables.Header(key)} s
            LEFT JOIN journal_entry_header o ON o.je_id = s.je_id - @offset AND o.je_id BETWEEN @first AND @last
            WHERE o.je_id IS NULL
               OR s.je_number IS DISTINCT FROM s.je_id OR s.je_date IS DISTINCT FROM @date OR s.je_type IS DISTINCT FROM o.je_type
               OR s.reference_type IS DISTINCT FROM o.reference_type OR s.reference_id IS DISTINCT FROM o.reference_id
               OR s.template_code IS DISTINCT FROM o.template_code
               OR s.description IS DISTINCT FROM ('Reversal of JE ' || o.je_id || coalesce(': ' || o.description, ''))
               OR s.total_debit IS DISTINCT FROM o.total_credit OR s.total_credit IS DISTINCT FROM o.total_debit
               OR s.reverses_je_id IS DISTINCT FROM o.je_id OR s.status IS DISTINCT FROM 'POSTED' OR s.batch_id IS DISTINCT FROM @batchId
               OR s.coa_version_id IS DISTINCT FROM @coa
            """, range);
        var lines = await connection.QuerySingleAsync<(long Count, long? First)>($"""
            SELECT count(*), min(s.je_id)
            FROM {StagingTables.Line(key)} s
            LEFT JOIN journal_entry_line o ON o.je_id = s.je_id - @offset AND o.line_number = s.line_number AND o.je_id BETWEEN @first AND @last
            WHERE o.je_id IS NULL
               OR s.account_code IS DISTINCT FROM o.account_code OR s.fund_type IS DISTINCT FROM o.fund_type
               OR s.debit_amount IS DISTINCT FROM o.credit_amount OR s.credit_amount IS DISTINCT FROM o.debit_amount
               OR s.description IS DISTINCT FROM o.description
            """, range);
        var counts = await OriginalCountsAsync(connection, reversal);
        var firstBad = new[] { headers.First, lines.First }.Where(x => x is not null).DefaultIfEmpty().Min();
        string? detail = null;
        if (firstBad is { } je)
        {
            var staged = await StagingMeasure.ContentRowsAsync(connection, key, new SequenceRange(je, je));
            var originals = await StagingMeasure.ContentRowsAsync(connection, "journal_entry_header", "journal_entry_line",
                new SequenceRange(je - reversal.Offset, je - reversal.Offset));
            detail = ReversalMirror.FirstDifference(originals, staged, reversal.Offset, reversal.Date)
                     ?? "its link (reverses_je_id), status, chart or batch differs from what the reversal makes";
        }

        return new MirrorComparison(counts.Entries, counts.Lines, headers.Count, lines.Count, firstBad, detail);
    }

    /// <summary>The staged tables attached as the ledger, the funds moved back, the original REVERSED, its source freed when asked.</summary>
    private static async Task<CommitResult> WriteReversalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReversalBatch reversal, long key, StagingFacts facts, FundAmounts originalNet,
        string postedBy, StepTimer timer)
    {
        var batch = reversal.Batch;
        await connection.ExecuteAsync("SELECT monthend_ready_staging_for_ledger(@key)", new { key }, transaction);
        await connection.ExecuteAsync("SELECT monthend_attach_staging(@key, @first, @last, @postedBy, now())",
            new { key, first = batch.Sequence.First, last = batch.Sequence.Last, postedBy }, transaction, commandTimeout: 0);
        timer.Mark("attach partitions");
        // The attached partitions are the tables measured above under this transaction's SHARE lock: what they hold is the facts.
        var written = (Entries: facts.HeaderCount, Lines: facts.LineCount);
        Recheck(written.Entries == batch.ExpectedJeCount && written.Lines == batch.ExpectedLineCount, batch,
            $"staging holds {written.Entries} entries and {written.Lines} lines in JE {batch.Sequence}, expected {batch.ExpectedJeCount} and {batch.ExpectedLineCount}");
        var net = facts.FundNetChange;
        Recheck(Funds.All.All(f => net[f] + originalNet[f] == MoneyTotal.Zero), batch,
            $"the staged fund movements ({net}) do not undo the original's ({originalNet})");
        foreach (var fund in Funds.All)
        {
            await connection.ExecuteAsync("""
                UPDATE fund_balance SET current_balance = current_balance + @net, last_updated = now(), updated_by = @by WHERE fund_type = @fund
                """, new { net = net[fund].ToDecimal(), by = $"REVERSAL {batch.BatchId}", fund = fund.Code() }, transaction);
        }

        await connection.ExecuteAsync("UPDATE staging_worker_partition SET content_digest = @digest WHERE batch_id = @batchId AND partition_no = @no",
            (await GetPartitionsAsync(connection, transaction, batch.BatchId)).Select(p => new
            {
                digest = facts.ContentDigests.GetValueOrDefault(p.PartitionNo).ToString(), batchId = batch.BatchId, no = p.PartitionNo,
            }), transaction);
        var original = (await FindBatchAsync(connection, transaction, reversal.ReversesBatchId))!;
        var (premiums, claims) = reversal.ResetSource ? await ResetSourceAsync(connection, transaction, original) : (0, 0);
        timer.Mark("funds, seal digests, source");
        await MoveAsync(connection, transaction, reversal.ReversesBatchId, BatchStatus.Committed, BatchStatus.Reversed,
            $"reversed by batch {batch.BatchId} (JE {batch.Sequence}) dated {reversal.Date:yyyy-MM-dd}");
        await connection.ExecuteAsync("""
            UPDATE staging_month_end_master
            SET status = 'COMMITTED', actual_je_count = @headers, committed_at = now(), updated_at = now(), status_reason = NULL, staging_location = NULL
            WHERE batch_id = @batchId AND status = 'COMMITTING'
            """, new { headers = written.Entries, batchId = batch.BatchId }, transaction);
        await LogEventAsync(connection, transaction, batch.BatchId, "BATCH_COMMITTED",
            $"reversal of {reversal.ReversesBatchId}: {written.Entries} entries, {written.Lines} lines, JE {batch.Sequence} by attach; funds {net}" +
            (reversal.ResetSource ? $"; {premiums} premiums and {claims} claims made eligible again" : "") + $"; steps: {timer}");
        return new CommitResult(written.Entries, written.Lines, premiums, claims, net);
    }
}
