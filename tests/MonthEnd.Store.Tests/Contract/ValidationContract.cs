using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Every pre-commit check, made to fail on a real database by what could really go wrong between
/// staging and commit. Each time: the batch is FAILED with the reason, its staging is kept for
/// investigation, and nothing reached the ledger, the fund balances or the source flags.
/// </summary>
public abstract class ValidationContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    [Fact]
    public async Task a_clean_staged_batch_passes_every_check_and_commits()
    {
        await SeedAsync(January, premiums: 100, claims: 10);
        var batch = await StageAsync(January);

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Report.Failures.ShouldBeEmpty();
        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        (await Store.GetValidationResultsAsync(batch.BatchId, Ct)).Count.ShouldBe(outcome.Report.Checks.Count);
    }

    [Fact]
    public async Task a_batch_left_committing_by_an_interrupted_commit_is_validated_again_and_committed()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 60, claims: 6);
        var batch = await StageAsync(January);
        batch = await Store.MoveAsync(batch.BatchId, BatchStatus.Validating, BatchStatus.Committing, null, Ct);

        var outcome = await ValidateAndCommitAsync(batch);

        outcome.Batch.Status.ShouldBe(BatchStatus.Committed);
        (await LedgerEntriesAsync()).ShouldBe((3 * 60) + 6);
        await FundsShouldHaveMovedByAsync(premiums, claims);
        (await Store.GetEventsAsync(batch.BatchId, Ct))
            .ShouldContain(e => e.Event == "STATUS_VALIDATING" && e.Details.Contains(BatchStatuses.InterruptedCommit, StringComparison.Ordinal));
    }

    /// <summary>SQL that makes the database skip, silently, the marking of premium txn_id @id as processed: a fault no check before the writes can see.</summary>
    protected abstract string SkipMarkingTrigger { get; }

    [Fact]
    public async Task a_recheck_failing_while_the_ledger_is_written_fails_the_batch_with_commit_recheck_and_writes_nothing()
    {
        var batch = await StagedAsync();
        var id = (await Target.RowsAsync("SELECT min(txn_id) FROM premium_transaction WHERE status = 'PAID'"))[0][0];
        await Target.ExecuteAsync(SkipMarkingTrigger.Replace("@id", Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.CommitRecheck);

        outcome.Report.Checks.Where(c => c.Code != CheckCode.CommitRecheck).ShouldAllBe(c => c.Passed, "every check before the writes passed");
        outcome.Report.Failures.Single().Message.ShouldContain("marked");
    }

    [Fact]
    public async Task commit_refuses_when_a_staged_entry_was_lost()
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1, "DELETE FROM {line} WHERE je_id = (SELECT max(je_number) FROM {header})");
        await Target.ExecuteOnStagingAsync(batch, 1, "DELETE FROM {header} WHERE je_number = (SELECT max(je_number) FROM {header})");

        await ShouldFailWithNothingWrittenAsync(batch, CheckCode.RecordCount, CheckCode.LineCount);
    }

    [Fact]
    public async Task commit_refuses_an_entry_whose_debits_and_credits_differ()
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1,
            "UPDATE {line} SET debit_amount = debit_amount * 2 WHERE line_number = 1 AND je_id = (SELECT min(je_number) FROM {header})");

        await ShouldFailWithNothingWrittenAsync(batch, CheckCode.EntryBalance, CheckCode.TotalBalance);
    }

    [Fact]
    public async Task commit_refuses_when_a_line_moves_the_wrong_fund_even_though_every_entry_balances()
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1,
            "UPDATE {line} SET fund_type = 'UJROH' WHERE fund_type = 'TABARRU' AND je_id = (SELECT min(je_number) FROM {header} WHERE template_code = 'PREM-TBR')");

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.FundTotals);
        outcome.Report.Checks.Single(c => c.Code == CheckCode.EntryBalance).Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task commit_refuses_a_je_number_outside_its_partitions_range()
    {
        var batch = await StagedAsync();
        var partitions = await Store.GetPartitionsAsync(batch.BatchId, Ct);
        // Into another partition's range, inside the batch's: a number outside the batch's range
        // may be refused as it is written (PostgreSQL's staging has a CHECK of the range).
        var (moved, into) = (partitions[0].Sequence.Last, partitions[^1].Sequence.First);
        await Target.ExecuteOnStagingAsync(batch, 1, $"UPDATE {{line}} SET je_id = {into} WHERE je_id = {moved}");
        await Target.ExecuteOnStagingAsync(batch, 1, $"UPDATE {{header}} SET je_id = {into}, je_number = {into} WHERE je_number = {moved}");

        await ShouldFailWithNothingWrittenAsync(batch, CheckCode.SequenceIntegrity);
    }

    [Fact]
    public async Task commit_refuses_balanced_entries_that_no_longer_reconcile_to_the_premiums()
    {
        var batch = await StagedAsync();
        const string first = "(SELECT min(je_number) FROM {header})";
        await Target.ExecuteOnStagingAsync(batch, 1, $"UPDATE {{line}} SET debit_amount = debit_amount * 2, credit_amount = credit_amount * 2 WHERE je_id = {first}");
        await Target.ExecuteOnStagingAsync(batch, 1, $"UPDATE {{header}} SET total_debit = total_debit * 2, total_credit = total_credit * 2 WHERE je_number = {first}");

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.PremiumReconciliation, CheckCode.FundTotals);
        outcome.Report.Checks.Single(c => c.Code == CheckCode.EntryBalance).Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task commit_refuses_when_source_changed_after_staging()
    {
        var batch = await StagedAsync();
        var (second, third) = (Target.Literal(new DateOnly(2025, 1, 2)), Target.Literal(new DateOnly(2025, 1, 3)));
        await Target.ExecuteAsync($"""
            UPDATE premium_transaction
            SET payment_date = CASE WHEN payment_date = {second} THEN {third} ELSE {second} END
            WHERE txn_id = (SELECT min(txn_id) FROM premium_transaction)
            """);

        var outcome = await ShouldFailWithNothingWrittenAsync(batch, CheckCode.SourceChecksum);
        outcome.Report.Checks.Single(c => c.Code == CheckCode.RecordCount).Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task commit_refuses_when_a_source_record_became_invalid_after_staging()
    {
        var batch = await StagedAsync();
        var sen = Target.Literal(new Money(1));
        await Target.ExecuteAsync($"UPDATE premium_transaction SET fund_ujroh = fund_ujroh + {sen} WHERE txn_id = (SELECT max(txn_id) FROM premium_transaction)");

        await ShouldFailWithNothingWrittenAsync(batch, CheckCode.SourceValid, CheckCode.SourceChecksum);
    }

    [Fact]
    public async Task commit_refuses_when_a_partition_did_not_complete()
    {
        var batch = await StagedAsync();
        await Target.ExecuteAsync("UPDATE staging_worker_partition SET status = 'FAILED' WHERE batch_id = @id AND partition_no = 1", new { id = batch.BatchId });

        await ShouldFailWithNothingWrittenAsync(batch, CheckCode.PartitionsComplete);
    }

    [Fact]
    public async Task commit_refuses_when_the_ledger_moved_since_planning()
    {
        var batch = await StagedAsync();
        await Target.InsertForeignLedgerEntryAsync(batch.Sequence.First);
        var foreign = await LedgerEntriesAsync();

        await ShouldFailWithNothingWrittenAsync(batch, CheckCode.LedgerContinuity, ledgerEntriesBefore: foreign);
    }

    [Fact]
    public async Task a_failed_batch_keeps_its_staging_and_refuses_to_run_again_until_aborted()
    {
        var batch = await StagedAsync();
        await Target.ExecuteOnStagingAsync(batch, 1, "DELETE FROM {line} WHERE je_id = (SELECT min(je_number) FROM {header})");
        (await ValidateAndCommitAsync(batch)).Batch.Status.ShouldBe(BatchStatus.Failed);

        var again = await RunAsync(January);

        again.Result.ShouldBe(MonthEnd.Core.Engine.RunResult.Refused);
        again.Message.ShouldContain("abort");
        (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount.ShouldBe(batch.ExpectedJeCount);
        await Store.AbortAsync(batch.BatchId, "investigated", Ct);
        (await RunAsync(January)).Result.ShouldBe(MonthEnd.Core.Engine.RunResult.Committed);
    }
}
