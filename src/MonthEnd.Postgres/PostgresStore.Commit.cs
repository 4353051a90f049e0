using System.Data;
using System.Diagnostics;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Diagnostics;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Postgres.SourceRows;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Validation and the original design's atomic commit in ONE SERIALIZABLE transaction, as the
    /// SQLite store does: the staged tables are locked against writes first, so what is measured is
    /// exactly what is attached; the source is checked (its version, or else a scan: checksum,
    /// rules, totals) on the same transaction's snapshot, so a change to it either shows in the
    /// checks or aborts the commit. Only then are
    /// the staged tables attached as the batch's ledger partitions (or copied), the funds moved by
    /// the measured net change and the batch set COMMITTED; the source is marked in the same
    /// transaction. A failed check writes the results and FAILED, nothing else. One process at a
    /// time (<see cref="BatchCommitLock"/>).
    /// </summary>
    public async Task<CommitOutcome> ValidateAndCommitAsync(BatchRecord batch, RuleSet rules, bool commit, string postedBy, CancellationToken ct)
    {
        var key = await RunAsync((connection, _) => BatchKeyAsync(connection, null, batch.BatchId), ct);
        await using var exclusive = await BatchCommitLock.AcquireAsync(this, batch.BatchId, key, ct);
        var current = await ReadyToValidateAsync(batch.BatchId, ct);
        var timer = new StepTimer();
        var attempts = 0;
        var (report, result) = await InTransactionAsync(async (connection, transaction, token) =>
            ++attempts > 1 && await CommittedByLostReplyAsync(connection, transaction, current) is { } committed
                ? committed
                : await VerifyAndCommitAsync(connection, transaction, current, key, rules, commit, postedBy, timer, token), ct, IsolationLevel.Serializable);
        return new CommitOutcome((await FindBatchAsync(batch.BatchId, ct))!, report, result, timer.Steps);
    }

    /// <summary>The batch, VALIDATING; a COMMITTING one is put back to VALIDATING (its commit died with its session).</summary>
    private async Task<BatchRecord> ReadyToValidateAsync(string batchId, CancellationToken ct)
    {
        var current = await FindBatchAsync(batchId, ct) ?? throw new BatchStateException(batchId, BatchStatus.Validating, null);
        if (current.Status == BatchStatus.Committing)
        {
            // Nobody else holds the commit lock, so nothing is committing it now.
            current = await MoveAsync(batchId, BatchStatus.Committing, BatchStatus.Validating, BatchStatuses.InterruptedCommit, ct);
        }

        return current.Status == BatchStatus.Validating ? current : throw new BatchStateException(batchId, BatchStatus.Validating, current.Status);
    }

    /// <summary>
    /// The staging strand, on connections of its own: the staged tables' keys (the commit's
    /// transaction holds SHARE locks on them, which CREATE INDEX does not conflict with), one table
    /// after the other, and the staged tables reconciled with their chunks' seals
    /// (<see cref="ChunkSeals"/>) as soon as the source strand or the keys leave a core free: the
    /// marking, the keys and the seal check each keep a core busy, and three at once on two cores
    /// only crowd each other (docs/benchmarks.md). Should the seals differ, or a key not be unique,
    /// every staged row is measured through the tally instead.
    /// </summary>
    private async Task<StagingFacts> IndexAndMeasureAsync(BatchRecord batch, long key, Task sourceStrand, StepTimer timer, CancellationToken ct)
    {
        var keys = TimedAsync(IndexStagingTablesAsync(key, ct), Stopwatch.StartNew());
        SealedStagingResult sealedStaging;
        var watch = new Stopwatch();
        try
        {
            await Task.WhenAny(sourceStrand, keys);
            watch.Start();
            sealedStaging = await ChunkSeals.ReconcileAsync(this, batch.BatchId, key, ct);
        }
        finally
        {
            // Never leave a key being built on its own when the seal check failed.
            await Task.WhenAny(keys);
        }

        var (unique, indexed) = await keys;
        timer.Record("index staging ∥", indexed);
        if (sealedStaging.Facts is { } facts && unique)
        {
            timer.Record("staging as its chunks sealed it ∥", watch.Elapsed);
            return facts;
        }

        timer.Record($"staging unlike its chunk seals ({sealedStaging.Difference ?? "a JE number staged twice"}) ∥", watch.Elapsed);
        watch.Restart();
        var measured = await Task.Run(() => StagingMeasure.Measure(DataSource, batch, key), ct);
        timer.Record("measure staging ∥", watch.Elapsed);
        return measured;
    }

    /// <summary>False when a staged table holds a JE number (and line number) twice.</summary>
    private async Task<bool> IndexStagingTablesAsync(long key, CancellationToken ct) =>
        await IndexStagingTableAsync(key, "header", ct) & await IndexStagingTableAsync(key, "line", ct);

    private static async Task<(T Result, TimeSpan Elapsed)> TimedAsync<T>(Task<T> task, Stopwatch since) => (await task, since.Elapsed);

    /// <summary>False when the table holds a JE number (and line number) twice: no unique key can be built.</summary>
    private async Task<bool> IndexStagingTableAsync(long key, string table, CancellationToken ct)
    {
        try
        {
            await RunAsync((connection, _) => connection.ExecuteAsync("SELECT monthend_index_staging_key(@key, @table)", new { key, table }, commandTimeout: 0), ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The staging measurement counts the duplicate (and reads the table in sorted order without the index).
            return false;
        }
    }

    private async Task<(ValidationReport Report, CommitResult? Result)> VerifyAndCommitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, long key, RuleSet rules, bool commit, string postedBy, StepTimer timer,
        CancellationToken ct)
    {
        var master = await connection.QuerySingleAsync<LockedMaster>(
            "SELECT status AS Status, source_version AS SourceVersion, now() AS Now FROM staging_month_end_master WHERE batch_id = @batchId FOR UPDATE",
            new { batchId = batch.BatchId }, transaction);
        if (master.Status != "VALIDATING")
        {
            throw new BatchStateException(batch.BatchId, BatchStatus.Validating, BatchStatuses.Parse(master.Status));
        }

        await connection.ExecuteAsync("SELECT monthend_lock_staging(@key)", new { key }, transaction);
        var (report, facts, marks) = await VerifyAsync(connection, transaction, batch, key, rules, commit, master, timer, ct);
        if (!report.Passed || !commit)
        {
            if (marks is not null)
            {
                await transaction.RollbackAsync(Unmarked, ct);
            }

            await SaveValidationAsync(connection, transaction, batch.BatchId, report);
            if (!report.Passed)
            {
                await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
            }

            return (report, null);
        }

        try
        {
            return (report, await WriteLedgerAsync(connection, transaction, batch, key, report, facts, marks, master, postedBy, timer));
        }
        catch (CommitRefusedException e)
        {
            // As on every store: a failed re-check while writing leaves nothing written and FAILS the batch with it.
            await transaction.RollbackAsync(Unmarked, ct);
            var refused = report.RefusedAtCommit(e.Reason);
            await SaveValidationAsync(connection, transaction, batch.BatchId, refused);
            await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + refused.Summary());
            return (refused, null);
        }
    }

    /// <summary>Attaches (or copies) the staged tables as the ledger, moves the funds and sets the batch COMMITTED, re-checking as it goes.</summary>
    private async Task<CommitResult> WriteLedgerAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, long key, ValidationReport report, StagingFacts facts,
        (long Premiums, long Claims)? marks, LockedMaster master, string postedBy, StepTimer timer)
    {
        await SaveValidationAsync(connection, transaction, batch.BatchId, report);
        await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Committing, null);
        if (Options.CommitMethod == CommitMethod.Attach)
        {
            await connection.ExecuteAsync("SELECT monthend_ready_staging_for_ledger(@key)", new { key }, transaction);
        }

        var method = Options.CommitMethod == CommitMethod.Attach ? "monthend_attach_staging" : "monthend_copy_staging";
        await connection.ExecuteAsync($"SELECT {method}(@key, @first, @last, @postedBy, @postedAt)",
            new { key, first = batch.Sequence.First, last = batch.Sequence.Last, postedBy, postedAt = master.Now }, transaction, commandTimeout: 0);
        timer.Mark(Options.CommitMethod == CommitMethod.Attach ? "attach partitions" : "copy to ledger");

        Recheck(marks is not null, batch, "validation passed but the source was not marked");
        var result = await MoveFundsAsync(connection, transaction, batch, facts, marks!.Value);
        timer.Mark("fund balances");
        await connection.ExecuteAsync("""
            UPDATE staging_month_end_master
            SET status = 'COMMITTED', actual_je_count = @headers, committed_at = now(), updated_at = now(), status_reason = NULL, staging_location = NULL
            WHERE batch_id = @batchId AND status = 'COMMITTING'
            """, new { headers = result.HeadersWritten, batchId = batch.BatchId }, transaction);
        await LogEventAsync(connection, transaction, batch.BatchId, "BATCH_COMMITTED",
            $"{result.HeadersWritten} entries, {result.LinesWritten} lines, JE {batch.Sequence} by {Options.CommitMethod}; funds {result.FundNetChange}; steps: {timer}");
        return result;
    }

    /// <summary>The batch's master row as the commit's transaction locked it, with the transaction's time (the entries' posted_at).</summary>
    private sealed record LockedMaster(string Status, string? SourceVersion, DateTime Now);

    /// <summary>The savepoint before the source is marked: a batch that fails validation goes back to it.</summary>
    private const string Unmarked = "source_unmarked";

    /// <summary>
    /// Two strands at once, on separate connections and cores: this transaction marks the source
    /// and checks it (<see cref="CheckAndMarkSourceAsync"/>), while the staged tables, locked
    /// against writes, are indexed and reconciled with their chunks' seals once the marking or the
    /// keys free a core, or else measured row by row (<see cref="IndexAndMeasureAsync"/>). Then
    /// every check is evaluated.
    /// </summary>
    private async Task<(ValidationReport Report, StagingFacts Facts, (long Premiums, long Claims)? Marks)> VerifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, long key, RuleSet rules, bool commit, LockedMaster master,
        StepTimer timer, CancellationToken ct)
    {
        var sourceStrand = CheckAndMarkSourceAsync(connection, transaction, batch, rules, commit, master, timer, ct);
        var staging = IndexAndMeasureAsync(batch, key, sourceStrand, timer, ct);
        (SourceScanResult Now, (long Premiums, long Claims)? Marks) source;
        try
        {
            source = await sourceStrand;
        }
        finally
        {
            // Never leave the staging strand running on its own when the source strand failed.
            await Task.WhenAny(staging);
        }

        var facts = await staging;
        timer.Mark("index + measure staging ∥ check and mark source");
        var partitions = await GetPartitionsAsync(connection, transaction, batch.BatchId);
        var next = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
        var difference = await FirstContentDifferenceAsync(batch, key, partitions, facts, rules, ct);
        return (BatchVerifier.Evaluate(batch, partitions, source.Now, facts, next, difference), facts, source.Marks);
    }

    /// <summary>
    /// When a partition's staged rows do not add up to what its source makes, the first row that
    /// differs: the partition's entries posted again from the source (as committed, on a connection
    /// of its own: this transaction may have marked it already) beside its staged rows.
    /// </summary>
    private async Task<string?> FirstContentDifferenceAsync(
        BatchRecord batch, long key, IReadOnlyList<PartitionRecord> partitions, StagingFacts facts, RuleSet rules, CancellationToken ct)
    {
        var (partition, message) = ContentComparison.ToExplain(partitions, facts);
        if (partition is null)
        {
            return message;
        }

        var premiums = partition.Kind == SourceKind.Premium ? await ReadPremiumsAsync(batch.Period, ct).ToListAsync(ct) : [];
        var claims = partition.Kind == SourceKind.Claim ? await ReadClaimsAsync(batch.Period, ct).ToListAsync(ct) : [];
        var expected = new PartitionPosting(rules, partition).Entries(premiums, claims);
        var staged = await RunAsync((connection, _) => StagingMeasure.ContentRowsAsync(connection, key, partition.Sequence), ct);
        return ContentComparison.Describe(partition, expected, staged);
    }

    /// <summary>
    /// The source as this transaction sees it: the pre-flight's findings when it is still at their
    /// version, otherwise a scan (checksum, rules, totals). When the batch is to be committed it is
    /// marked at once, under the savepoint <see cref="Unmarked"/>: the UPDATE of every source row is
    /// the commit's longest single-core step, so it starts first and runs beside the staging strand
    /// (docs/benchmarks.md), while the version is checked on another connection on this
    /// transaction's own snapshot. Should the version differ, or any check fail, the transaction
    /// goes back to the savepoint and nothing of the marking remains; a changed source is then
    /// scanned here, and marked if it still matches the plan.
    /// </summary>
    private async Task<(SourceScanResult Now, (long Premiums, long Claims)? Marks)> CheckAndMarkSourceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, RuleSet rules, bool commit, LockedMaster master, StepTimer timer,
        CancellationToken ct)
    {
        if (master.SourceVersion is { } planned
            && await MarkedBesideVersionCheckAsync(connection, transaction, batch, rules, commit, master, planned, timer, ct) is { } asPlanned)
        {
            return asPlanned;
        }

        var watch = Stopwatch.StartNew();
        var scanned = (await SourcePass.ScanAsync(
                ReadPremiumsAsync(connection, transaction, batch.Period, ct), ReadClaimsAsync(connection, transaction, batch.Period, ct), rules, ct: ct))
            .With(await StraysAsync(connection, transaction, batch, rules, ct));
        timer.Record("scan source ∥", watch.Elapsed);
        return !commit || !scanned.IsValid || scanned.Checksum != batch.SourceChecksum
            ? (scanned, null)
            : (scanned, await MarkSourceAsync(connection, transaction, batch, rules, master.Now, timer, ct));
    }

    /// <summary>
    /// The likely case: the source marked at once (when committing) while its version is checked
    /// beside it, on this transaction's snapshot. Null, with nothing left marked, when the version
    /// differs from the plan's.
    /// </summary>
    private async Task<(SourceScanResult Now, (long Premiums, long Claims)? Marks)?> MarkedBesideVersionCheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, RuleSet rules, bool commit, LockedMaster master, string planned,
        StepTimer timer, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var snapshot = await connection.ExecuteScalarAsync<string>("SELECT pg_export_snapshot()", transaction: transaction);
        var unchanged = TimedAsync(PlannedSourceIfUnchangedAsync(batch, rules, planned, snapshot!, ct), watch);
        (long Premiums, long Claims)? marks = null;
        try
        {
            if (commit)
            {
                marks = await MarkSourceAsync(connection, transaction, batch, rules, master.Now, timer, ct);
            }
        }
        finally
        {
            // The check reads on this transaction's snapshot: it must be done before the transaction ends.
            await Task.WhenAny(unchanged);
        }

        var (source, checkedAfter) = await unchanged;
        if (source is null)
        {
            if (marks is not null)
            {
                await transaction.RollbackAsync(Unmarked, ct);
            }

            return null;
        }

        timer.Record("source unchanged since pre-flight (its version) ∥", checkedAfter);
        return (source, marks);
    }

    /// <summary>
    /// The pre-flight's findings about the source (checksum, totals, no violation), when the source
    /// is, in the commit's snapshot (imported here, on a connection of its own), still at the version
    /// they were made from: nothing in scope was written since, so a scan would find exactly them;
    /// with the violations of the rows outside the period's scope (<see cref="StraysAsync"/>) on the
    /// same snapshot. Null otherwise (the source is scanned).
    /// </summary>
    private Task<SourceScanResult?> PlannedSourceIfUnchangedAsync(BatchRecord batch, RuleSet rules, string planned, string snapshot, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var transaction = await BeginReadOnlyAsync(connection, snapshot, token);
            if ((await SourceVersionAsync(connection, transaction, batch.Period)).Version != planned)
            {
                return null;
            }

            var strays = await StraysAsync(connection, transaction, batch, rules, token);
            var totals = new SourceTotals { PremiumCount = batch.PremiumCount, ClaimCount = batch.ClaimCount, PremiumTotal = batch.PremiumTotal, ClaimTotal = batch.ClaimTotal };
            var funds = await connection.QueryAsync<(string Fund, decimal Allocated, decimal Borne)>(
                "SELECT fund_type, allocated, claims_borne FROM staging_source_fund_total WHERE batch_id = @batchId", new { batchId = batch.BatchId }, transaction);
            foreach (var (fund, allocated, borne) in funds)
            {
                totals.Allocations.Add(Funds.Parse(fund), Money.FromDecimal(allocated));
                totals.ClaimsBorne.Add(Funds.Parse(fund), Money.FromDecimal(borne));
            }

            return (SourceScanResult?)SourceScanResult.Unchanged(batch.SourceChecksum, totals, batch.ExpectedLineCount).With(strays);
        }, ct);

    /// <summary>
    /// The rows outside the period's scan that refuse the commit as they refuse a pre-flight
    /// (<see cref="StrayRows"/>), read on the commit's snapshot whether the period's version changed
    /// or not: that version covers the period's rows only.
    /// <list type="bullet">
    /// <item>An id of this batch that a processed row holds: another batch (or a hand) posted it after
    /// planning; committing would post it twice, so the commit is refused. Two open batches cannot be
    /// planned at once (they would take the same JE numbers), so this is rare, and the query, over the
    /// ids this batch posts, costs about what the version check costs, beside the marking.</item>
    /// <item>A row whose date is no date, inserted or edited after planning: it is in no period, so
    /// it changes nothing this batch posts, and the next pre-flight would refuse it anyway. It refuses
    /// this commit all the same: its date was most likely meant for some month, perhaps this one, and
    /// once this month is committed no batch of it will run again, so the row would miss its month
    /// for good. The rows are few and indexed: the check is cheap.</item>
    /// </list>
    /// </summary>
    private static async Task<IReadOnlyList<SourceViolation>> StraysAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, RuleSet rules, CancellationToken ct)
    {
        var posted = PostedIdRanges.Of(await GetPartitionsAsync(connection, transaction, batch.BatchId));
        return SourcePass.Violations(await StrayRows.ReadAsync(connection, transaction, batch.Period, posted, ct), rules);
    }

    /// <summary>
    /// The source rows of the batch marked with it, under the savepoint <see cref="Unmarked"/> (how
    /// many of each; the caller compares them with the plan).
    /// </summary>
    private static async Task<(long Premiums, long Claims)> MarkSourceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, RuleSet rules, DateTime now, StepTimer timer, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await transaction.SaveAsync(Unmarked, ct);
        var marks = new { batchId = batch.BatchId, now, start = batch.Period.Start, end = batch.Period.End };
        var premiums = await connection.ExecuteAsync(SqlText.Get("mark_premiums"),
            new { marks.batchId, marks.now, marks.start, marks.end, statuses = rules.PremiumStatuses.Post.ToArray() }, transaction, commandTimeout: 0);
        var claims = await connection.ExecuteAsync(SqlText.Get("mark_claims"),
            new { marks.batchId, marks.now, marks.start, marks.end, statuses = rules.ClaimStatuses.Post.ToArray() }, transaction, commandTimeout: 0);
        timer.Record("source marked ∥", watch.Elapsed);
        return (premiums, claims);
    }

    /// <summary>
    /// The funds move by the net change measured in the locked staging tables, which are now the
    /// batch's ledger partitions row for row.
    /// </summary>
    private static async Task<CommitResult> MoveFundsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, StagingFacts facts, (long Premiums, long Claims) marks)
    {
        Recheck(marks.Premiums == batch.PremiumCount && marks.Claims == batch.ClaimCount, batch,
            $"marked {marks.Premiums} premiums and {marks.Claims} claims, expected {batch.PremiumCount} and {batch.ClaimCount}");
        Recheck(facts.HeaderCount == batch.ExpectedJeCount && facts.LineCount == batch.ExpectedLineCount && facts.TotalDebit == facts.TotalCredit, batch,
            $"staging holds {facts.HeaderCount} entries and {facts.LineCount} lines (debits {facts.TotalDebit}, credits {facts.TotalCredit})");
        var net = facts.FundNetChange;
        foreach (var fund in Funds.All)
        {
            await connection.ExecuteAsync("""
                UPDATE fund_balance SET current_balance = current_balance + @net, last_updated = now(), updated_by = @by WHERE fund_type = @fund
                """, new { net = net[fund].ToDecimal(), by = $"BATCH {batch.BatchId}", fund = fund.Code() }, transaction);
        }

        return new CommitResult(facts.HeaderCount, facts.LineCount, marks.Premiums, marks.Claims, net);
    }

    /// <summary>
    /// On a retry: the previous attempt's COMMIT went through but its reply was lost (the connection
    /// dropped), so the batch is COMMITTED by this very call; its recorded results are returned.
    /// </summary>
    private static async Task<(ValidationReport Report, CommitResult? Result)?> CommittedByLostReplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch)
    {
        var status = await connection.ExecuteScalarAsync<string>(
            "SELECT status FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId = batch.BatchId }, transaction);
        if (status != "COMMITTED")
        {
            return null;
        }

        var report = new ValidationReport(await GetValidationResultsAsync(connection, transaction, batch.BatchId));
        var ledger = await SummarizeLedgerAsync(connection, transaction, batch);
        return (report, new CommitResult(ledger.Entries, ledger.Lines, batch.PremiumCount, batch.ClaimCount, ledger.FundNetChange));
    }

    /// <summary>A re-check while writing the ledger: when it fails, the writes roll back and the batch FAILS with COMMIT_RECHECK.</summary>
    private static void Recheck(bool condition, BatchRecord batch, string reason)
    {
        if (!condition)
        {
            throw new CommitRefusedException(batch.BatchId, reason);
        }
    }
}
