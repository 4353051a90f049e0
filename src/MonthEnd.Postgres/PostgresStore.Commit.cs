using System.Data;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Diagnostics;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Postgres.Staging;
using Npgsql;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Validation and the original design's atomic commit in ONE SERIALIZABLE transaction, as the
    /// SQLite store does: the staged tables are locked against writes first, so what is measured is
    /// exactly what is attached; the source is scanned (checksum, rules, totals) inside the same
    /// transaction, so a change to it either shows in the checks or aborts the commit. Only then are
    /// the staged tables attached as the batch's ledger partitions (or copied), the funds moved by
    /// the measured net change, the source marked and the batch set COMMITTED. A failed check
    /// writes the results and FAILED, nothing else. One process at a time (<see cref="BatchCommitLock"/>).
    /// </summary>
    public async Task<CommitOutcome> ValidateAndCommitAsync(BatchRecord batch, RuleSet rules, bool commit, CancellationToken ct)
    {
        var key = await RunAsync((connection, _) => BatchKeyAsync(connection, null, batch.BatchId), ct);
        await using var exclusive = await BatchCommitLock.AcquireAsync(this, batch.BatchId, key, ct);
        var current = await ReadyToValidateAsync(batch.BatchId, ct);
        var timer = new StepTimer();
        await IndexStagingAsync(key, current, ct);
        timer.Mark("index staging");
        var attempts = 0;
        var (report, result) = await InTransactionAsync(async (connection, transaction, token) =>
            ++attempts > 1 && await CommittedByLostReplyAsync(connection, transaction, current) is { } committed
                ? committed
                : await VerifyAndCommitAsync(connection, transaction, current, key, rules, commit, timer, token), ct, IsolationLevel.Serializable);
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
    /// The ledger partitions' keys and a CHECK of the batch's range, on both staged tables at once;
    /// a duplicate number or one out of range is left for validation to report.
    /// </summary>
    private Task IndexStagingAsync(long key, BatchRecord batch, CancellationToken ct) =>
        Task.WhenAll(IndexStagingTableAsync(key, "header", batch, ct), IndexStagingTableAsync(key, "line", batch, ct));

    private async Task IndexStagingTableAsync(long key, string table, BatchRecord batch, CancellationToken ct)
    {
        try
        {
            await RunAsync((connection, _) => connection.ExecuteAsync("SELECT monthend_index_staging_table(@key, @table, @first, @last)",
                new { key, table, first = batch.Sequence.First, last = batch.Sequence.Last }, commandTimeout: 0), ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation)
        {
            // Duplicates or numbers outside the range: the staging measurement counts them.
        }
    }

    private async Task<(ValidationReport Report, CommitResult? Result)> VerifyAndCommitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, long key, RuleSet rules, bool commit, StepTimer timer,
        CancellationToken ct)
    {
        var status = await connection.ExecuteScalarAsync<string>(
            "SELECT status FROM staging_month_end_master WHERE batch_id = @batchId FOR UPDATE", new { batchId = batch.BatchId }, transaction);
        if (status != "VALIDATING")
        {
            throw new BatchStateException(batch.BatchId, BatchStatus.Validating, BatchStatuses.Parse(status!));
        }

        await connection.ExecuteAsync("SELECT monthend_lock_staging(@key)", new { key }, transaction);
        var (report, facts) = await VerifyAsync(connection, transaction, batch, key, rules, ct);
        timer.Mark("measure staging + scan source");
        await SaveValidationAsync(connection, transaction, batch.BatchId, report);
        if (!report.Passed || !commit)
        {
            if (!report.Passed)
            {
                await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
            }

            return (report, null);
        }

        await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Committing, null);
        var (postedBy, postedAt) = (Environment.UserName, await connection.ExecuteScalarAsync<DateTime>("SELECT now()", transaction: transaction));
        var method = Options.CommitMethod == CommitMethod.Attach ? "monthend_attach_staging" : "monthend_copy_staging";
        await connection.ExecuteAsync($"SELECT {method}(@key, @first, @last, @postedBy, @postedAt)",
            new { key, first = batch.Sequence.First, last = batch.Sequence.Last, postedBy, postedAt }, transaction, commandTimeout: 0);
        timer.Mark(Options.CommitMethod == CommitMethod.Attach ? "attach partitions" : "copy to ledger");

        var result = await MoveFundsAndMarkSourceAsync(connection, transaction, batch, rules, facts, postedAt, timer);
        await connection.ExecuteAsync("""
            UPDATE staging_month_end_master
            SET status = 'COMMITTED', actual_je_count = @headers, committed_at = now(), updated_at = now(), status_reason = NULL, staging_location = NULL
            WHERE batch_id = @batchId AND status = 'COMMITTING'
            """, new { headers = result.HeadersWritten, batchId = batch.BatchId }, transaction);
        await LogEventAsync(connection, transaction, batch.BatchId, "BATCH_COMMITTED",
            $"{result.HeadersWritten} entries, {result.LinesWritten} lines, JE {batch.Sequence} by {Options.CommitMethod}; funds {result.FundNetChange}; steps: {timer}");
        return (report, result);
    }

    /// <summary>
    /// Measures the locked staging tables on connections of their own (reads are not blocked by the
    /// EXCLUSIVE lock, writes are) while this transaction scans the source, then evaluates every check.
    /// </summary>
    private async Task<(ValidationReport Report, StagingFacts Facts)> VerifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, long key, RuleSet rules, CancellationToken ct)
    {
        var measure = Task.Run(() => StagingMeasure.Measure(DataSource, batch, key), ct);
        SourceScanResult source;
        try
        {
            source = await SourcePass.ScanAsync(
                ReadPremiumsAsync(connection, transaction, batch.Period, ct), ReadClaimsAsync(connection, transaction, batch.Period, ct), rules, ct: ct);
        }
        finally
        {
            // Never leave the measurement running on its own when the scan failed.
            await Task.WhenAny(measure);
        }

        var facts = await measure;
        var partitions = await GetPartitionsAsync(connection, transaction, batch.BatchId);
        var next = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
        return (BatchVerifier.Evaluate(batch, partitions, source, facts, next), facts);
    }

    /// <summary>
    /// The funds move by the net change measured in the locked staging tables, which are now the
    /// batch's ledger partitions row for row; the source rows are marked with the batch.
    /// </summary>
    private static async Task<CommitResult> MoveFundsAndMarkSourceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, RuleSet rules, StagingFacts facts, DateTime now, StepTimer timer)
    {
        Invariant(facts.HeaderCount == batch.ExpectedJeCount && facts.LineCount == batch.ExpectedLineCount && facts.TotalDebit == facts.TotalCredit,
            $"staging holds {facts.HeaderCount} entries and {facts.LineCount} lines (debits {facts.TotalDebit}, credits {facts.TotalCredit})");
        var net = facts.FundNetChange;
        foreach (var fund in Funds.All)
        {
            await connection.ExecuteAsync("""
                UPDATE fund_balance SET current_balance = current_balance + @net, last_updated = now(), updated_by = @by WHERE fund_type = @fund
                """, new { net = net[fund].ToDecimal(), by = $"BATCH {batch.BatchId}", fund = fund.Code() }, transaction);
        }

        timer.Mark("fund balances");
        var marks = new { batchId = batch.BatchId, now, start = batch.Period.Start, end = batch.Period.End };
        var premiums = await connection.ExecuteAsync(SqlText.Get("mark_premiums"),
            new { marks.batchId, marks.now, marks.start, marks.end, statuses = rules.PremiumStatuses.Post.ToArray() }, transaction, commandTimeout: 0);
        Invariant(premiums == batch.PremiumCount, $"marked {premiums} premiums, expected {batch.PremiumCount}");
        var claims = await connection.ExecuteAsync(SqlText.Get("mark_claims"),
            new { marks.batchId, marks.now, marks.start, marks.end, statuses = rules.ClaimStatuses.Post.ToArray() }, transaction, commandTimeout: 0);
        Invariant(claims == batch.ClaimCount, $"marked {claims} claims, expected {batch.ClaimCount}");
        timer.Mark("source marked");
        return new CommitResult(facts.HeaderCount, facts.LineCount, premiums, claims, net);
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

    /// <summary>A broken invariant while committing: throwing rolls the whole transaction back.</summary>
    private static void Invariant(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("ledger invariant broken, commit rolled back: " + message);
        }
    }
}
