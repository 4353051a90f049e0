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
    /// Validation, then the original design's atomic commit: one SERIALIZABLE transaction that locks
    /// staging, checks the counts, the ledger's next number and the source checksum again, attaches
    /// the staged tables as the batch's ledger partitions (or copies them), moves the funds, marks
    /// the source and sets the batch COMMITTED. A failed re-check writes nothing and fails the batch.
    /// </summary>
    public async Task<CommitOutcome> ValidateAndCommitAsync(BatchRecord batch, RuleSet rules, bool commit, CancellationToken ct)
    {
        var key = await RunAsync((connection, _) => BatchKeyAsync(connection, null, batch.BatchId), ct);
        await using var exclusive = await BatchCommitLock.AcquireAsync(this, batch.BatchId, key, ct);
        var timer = new StepTimer();
        var current = await FindBatchAsync(batch.BatchId, ct) ?? throw new BatchStateException(batch.BatchId, BatchStatus.Validating, null);
        if (current.Status == BatchStatus.Committing)
        {
            // No other process holds the lock, so the commit that set COMMITTING died with its session and wrote nothing.
            current = await MoveAsync(batch.BatchId, BatchStatus.Committing, BatchStatus.Validating, BatchStatuses.InterruptedCommit, ct);
        }

        if (current.Status != BatchStatus.Validating)
        {
            throw new BatchStateException(batch.BatchId, BatchStatus.Validating, current.Status);
        }

        await IndexStagingAsync(key, current, ct);
        timer.Mark("index staging");
        var (report, facts) = await VerifyAsync(current, key, rules, ct);
        timer.Mark("measure staging + scan source");
        var recorded = await InTransactionAsync(async (connection, transaction, _) =>
        {
            await SaveValidationAsync(connection, transaction, batch.BatchId, report);
            return report.Passed && commit
                ? await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Committing, null)
                : report.Passed
                    ? current
                    : await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Validating, BatchStatus.Failed, "validation failed: " + report.Summary());
        }, ct);
        if (!report.Passed || !commit)
        {
            return new CommitOutcome(recorded, report, null, timer.Steps);
        }

        try
        {
            var result = await InTransactionAsync((connection, transaction, token) =>
                CommitAsync(connection, transaction, recorded, key, rules, facts, timer, token), ct, IsolationLevel.Serializable);
            return new CommitOutcome((await FindBatchAsync(batch.BatchId, ct))!, report, result, timer.Steps);
        }
        catch (CommitRefusedException e)
        {
            var refused = new ValidationReport([.. report.Checks, new ValidationCheck(CheckCode.CommitRecheck, false, "unchanged since validation", e.Reason, e.Reason)]);
            var failed = await InTransactionAsync(async (connection, transaction, _) =>
            {
                await SaveValidationAsync(connection, transaction, batch.BatchId, refused);
                return await MoveAsync(connection, transaction, batch.BatchId, BatchStatus.Committing, BatchStatus.Failed, e.Reason);
            }, ct);
            return new CommitOutcome(failed, refused, null, timer.Steps);
        }
    }

    /// <summary>The ledger partitions' keys and a CHECK of the batch's range; a duplicate number is left for validation to report.</summary>
    private async Task IndexStagingAsync(long key, BatchRecord batch, CancellationToken ct)
    {
        try
        {
            await RunAsync((connection, _) => connection.ExecuteAsync("SELECT monthend_index_staging(@key, @first, @last)",
                new { key, first = batch.Sequence.First, last = batch.Sequence.Last }, commandTimeout: 0), ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.CheckViolation)
        {
            // Duplicates or numbers outside the range: the staging measurement counts them.
        }
    }

    /// <summary>Measures staging and scans the source at the same time, on two connections.</summary>
    private async Task<(ValidationReport Report, StagingFacts Facts)> VerifyAsync(BatchRecord batch, long key, RuleSet rules, CancellationToken ct)
    {
        var partitions = await GetPartitionsAsync(batch.BatchId, ct);
        var measure = Task.Run(() => StagingMeasure.Measure(DataSource, batch, key), ct);
        var scan = Task.Run(() => SourcePass.ScanAsync(ReadPremiumsAsync(batch.Period, ct), ReadClaimsAsync(batch.Period, ct), rules, ct: ct), ct);
        var facts = await measure;
        var source = await scan;
        var next = await NextJeNumberAsync(ct);
        return (BatchVerifier.Evaluate(batch, partitions, source, facts, next), facts);
    }

    private async Task<CommitResult> CommitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, long key, RuleSet rules, StagingFacts validated,
        StepTimer timer, CancellationToken ct)
    {
        var status = await connection.ExecuteScalarAsync<string>(
            "SELECT status FROM staging_month_end_master WHERE batch_id = @batchId FOR UPDATE", new { batchId = batch.BatchId }, transaction);
        if (status == "COMMITTED")
        {
            // A retry after the commit went through but its reply was lost.
            return await CommittedResultAsync(connection, transaction, batch);
        }

        if (status != "COMMITTING")
        {
            throw new BatchStateException(batch.BatchId, BatchStatus.Committing, BatchStatuses.Parse(status!));
        }

        await connection.ExecuteAsync("SELECT monthend_lock_staging(@key)", new { key }, transaction);
        await RecheckAsync(connection, transaction, batch, key, rules, ct);
        timer.Mark("recheck counts, ledger, source checksum");
        var (postedBy, postedAt) = (Environment.UserName, await connection.ExecuteScalarAsync<DateTime>("SELECT now()", transaction: transaction));
        var method = Options.CommitMethod == CommitMethod.Attach ? "monthend_attach_staging" : "monthend_copy_staging";
        await connection.ExecuteAsync($"SELECT {method}(@key, @first, @last, @postedBy, @postedAt)",
            new { key, first = batch.Sequence.First, last = batch.Sequence.Last, postedBy, postedAt }, transaction, commandTimeout: 0);
        timer.Mark(Options.CommitMethod == CommitMethod.Attach ? "attach partitions" : "copy to ledger");

        var result = await MoveFundsAndMarkSourceAsync(connection, transaction, batch, rules, validated.FundNetChange, postedAt, timer);
        await connection.ExecuteAsync("""
            UPDATE staging_month_end_master
            SET status = 'COMMITTED', actual_je_count = @headers, committed_at = now(), updated_at = now(), status_reason = NULL, staging_location = NULL
            WHERE batch_id = @batchId AND status = 'COMMITTING'
            """, new { headers = result.HeadersWritten, batchId = batch.BatchId }, transaction);
        await LogEventAsync(connection, transaction, batch.BatchId, "BATCH_COMMITTED",
            $"{result.HeadersWritten} entries, {result.LinesWritten} lines, JE {batch.Sequence} by {Options.CommitMethod}; funds {result.FundNetChange}; steps: {timer}");
        return result;
    }

    private static async Task RecheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, long key, RuleSet rules, CancellationToken ct)
    {
        var headers = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {StagingTables.Header(key)}", transaction: transaction);
        Refuse(headers != batch.ExpectedJeCount, batch, $"record count mismatch: expected {batch.ExpectedJeCount}, staging holds {headers}");
        var lines = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {StagingTables.Line(key)}", transaction: transaction);
        Refuse(lines != batch.ExpectedLineCount, batch, $"line count mismatch: expected {batch.ExpectedLineCount}, staging holds {lines}");
        var next = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(je_id), 0) + 1 FROM journal_entry_header", transaction: transaction);
        Refuse(next != batch.Sequence.First, batch, $"the ledger moved: its next JE number is {next}, the batch was planned from {batch.Sequence.First}");
        var source = await SourcePass.ScanAsync(ReadPremiumsAsync(connection, transaction, batch.Period, ct), ReadClaimsAsync(connection, transaction, batch.Period, ct),
            rules, ct: ct);
        Refuse(!source.IsValid, batch, $"{source.ViolationCount} source records became invalid");
        Refuse(source.Checksum != batch.SourceChecksum, batch,
            $"the source changed after validation: checksum {source.Checksum[..12]}… is not the planned {batch.SourceChecksum[..12]}…");
    }

    private static async Task<CommitResult> MoveFundsAndMarkSourceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch, RuleSet rules, FundAmounts validated, DateTime now, StepTimer timer)
    {
        // Fund movements are taken from the ledger just attached, as the original design does, and
        // must equal what validation reconciled to the source.
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var headers = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range, transaction);
        var t = await connection.QuerySingleAsync<(long Lines, decimal Debit, decimal Credit, decimal Tabarru, decimal Tanahud, decimal Ujroh)>(
            SqlText.Get("ledger_range_totals"), range, transaction);
        var net = FundAmounts.Of(Money.FromDecimal(t.Tabarru), Money.FromDecimal(t.Tanahud), Money.FromDecimal(t.Ujroh));
        Invariant(headers == batch.ExpectedJeCount && t.Lines == batch.ExpectedLineCount && t.Debit == t.Credit,
            $"the ledger range holds {headers} entries and {t.Lines} lines (debits {t.Debit}, credits {t.Credit})");
        Refuse(Funds.All.Any(f => net[f] != validated[f]), batch, $"ledger fund movements ({net}) differ from the validated ones ({validated})");
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
        return new CommitResult(headers, t.Lines, premiums, claims, net);
    }

    private static async Task<CommitResult> CommittedResultAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, BatchRecord batch)
    {
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var headers = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM journal_entry_header WHERE je_id BETWEEN @first AND @last", range, transaction);
        var t = await connection.QuerySingleAsync<(long Lines, decimal Debit, decimal Credit, decimal Tabarru, decimal Tanahud, decimal Ujroh)>(
            SqlText.Get("ledger_range_totals"), range, transaction);
        return new CommitResult(headers, t.Lines, batch.PremiumCount, batch.ClaimCount,
            FundAmounts.Of(Money.FromDecimal(t.Tabarru), Money.FromDecimal(t.Tanahud), Money.FromDecimal(t.Ujroh)));
    }

    private static void Refuse(bool condition, BatchRecord batch, string reason)
    {
        if (condition)
        {
            throw new CommitRefusedException(batch.BatchId, reason);
        }
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
