using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>A batch from pre-flight to archive, on a real database: what reaches the ledger and when.</summary>
public abstract class BatchLifecycleContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    [Fact]
    public async Task migrate_is_idempotent_and_creates_the_three_fund_rows_at_zero()
    {
        await Store.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);
        var balances = await Store.GetFundBalancesAsync(Ct);
        Funds.All.ShouldAllBe(f => balances[f] == Money.Zero);
        (await Target.CountAsync("SELECT count(*) FROM fund_balance")).ShouldBe(3);
    }

    [Fact]
    public async Task a_migrated_database_has_no_schema_problem_and_one_that_lacks_the_latest_migration_names_it()
    {
        (await Store.SchemaProblemsAsync(Ct)).ShouldBeEmpty();
        var latest = await Target.CountAsync("SELECT max(version) FROM schema_migration");
        await Target.ExecuteAsync("DELETE FROM schema_migration WHERE version = @latest", new { latest });

        var problems = await Store.SchemaProblemsAsync(Ct);

        problems.Count.ShouldBe(1);
        problems[0].ShouldStartWith("migration " + latest.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + "_");
        problems[0].ShouldEndWith(" not applied");
        var refused = await Should.ThrowAsync<SchemaOutdatedException>(() => Store.EnsureSchemaCurrentAsync(Ct));
        refused.Message.ShouldContain(problems[0]);
        refused.Message.ShouldContain("initialise or upgrade it first");
        refused.Message.ShouldNotContain("`monthend", Case.Sensitive, "the hosts word commands, not the stores");
    }

    [Fact]
    public async Task rules_are_stored_once_per_version_and_a_changed_file_with_the_same_version_is_refused()
    {
        var first = await Store.SaveRuleSetAsync(Rules, "tests", Ct);
        (await Store.SaveRuleSetAsync(Rules, "tests", Ct)).ShouldBe(first);
        var changed = MonthEnd.Core.Rules.RuleSetLoader.Parse(
            MonthEnd.Core.Rules.RuleSetLoader.DefaultContent().Replace("Kas dan Bank", "Kas & Bank", StringComparison.Ordinal), "changed");
        await Should.ThrowAsync<RuleSetConflictException>(() => Store.SaveRuleSetAsync(changed, "tests", Ct));
        (await Store.LoadRuleSetAsync(first, Ct)).Sha256.ShouldBe(Rules.Sha256);
    }

    [Fact]
    public async Task a_batch_commits_every_entry_balanced_with_gap_free_numbers_and_moves_the_funds_by_the_source()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 300, claims: 25);

        var outcome = await RunAsync(January);

        outcome.Result.ShouldBe(RunResult.Committed, outcome.Message);
        var batch = outcome.Batch!;
        batch.Status.ShouldBe(BatchStatus.Committed);
        batch.ActualJeCount.ShouldBe((3 * 300) + 25);
        var ledger = await Store.SummarizeLedgerAsync(batch.BatchId, Ct);
        ledger.Entries.ShouldBe((3 * 300) + 25);
        ledger.Lines.ShouldBe(2 * ((3 * 300) + 25));
        ledger.TotalDebit.ShouldBe(ledger.TotalCredit);
        (ledger.FirstJeNumber, ledger.LastJeNumber).ShouldBe((1, (3 * 300) + 25));
        (await Target.CountAsync("SELECT count(*) FROM journal_entry_header")).ShouldBe(925);
        (await Target.CountAsync("SELECT max(je_number) - min(je_number) + 1 FROM journal_entry_header")).ShouldBe(925);

        await FundsShouldHaveMovedByAsync(premiums, claims);
        (await FlaggedSourceRowsAsync()).ShouldBe(325);
        (await Target.CountAsync("SELECT count(*) FROM premium_transaction WHERE batch_id = @id", new { id = batch.BatchId })).ShouldBe(300);
    }

    [Fact]
    public async Task every_ledger_entry_balances_and_its_header_totals_equal_its_lines()
    {
        await SeedAsync(January, premiums: 120, claims: 15);
        (await RunAsync(January)).Result.ShouldBe(RunResult.Committed);

        (await Target.CountAsync("""
            SELECT count(*) FROM journal_entry_header h
            WHERE h.total_debit <> h.total_credit
               OR h.total_debit <> (SELECT sum(l.debit_amount) FROM journal_entry_line l WHERE l.je_id = h.je_id)
               OR h.total_credit <> (SELECT sum(l.credit_amount) FROM journal_entry_line l WHERE l.je_id = h.je_id)
            """)).ShouldBe(0);
        (await Target.CountAsync("SELECT count(*) FROM journal_entry_line l WHERE NOT EXISTS (SELECT 1 FROM journal_entry_header h WHERE h.je_id = l.je_id)"))
            .ShouldBe(0);
    }

    [Fact]
    public async Task a_second_period_takes_the_next_numbers_without_a_gap_and_adds_to_the_funds()
    {
        var (jp, jc) = await SeedAsync(January, premiums: 100, claims: 10);
        var (fp, fc) = await SeedAsync(February, premiums: 80, claims: 7, seed: 12);

        var first = await RunAsync(January);
        var second = await RunAsync(February);

        first.Result.ShouldBe(RunResult.Committed);
        second.Result.ShouldBe(RunResult.Committed);
        second.Batch!.Sequence.First.ShouldBe(first.Batch!.Sequence.Last + 1);
        (await Target.CountAsync("SELECT max(je_number) FROM journal_entry_header")).ShouldBe(310 + 247);
        (await Target.CountAsync("SELECT count(*) FROM journal_entry_header")).ShouldBe(310 + 247);
        await FundsShouldHaveMovedByAsync(jp.Concat(fp), jc.Concat(fc));
    }

    [Fact]
    public async Task a_committed_period_is_refused_with_a_clear_message_and_nothing_changes()
    {
        await SeedAsync(January, premiums: 50, claims: 5);
        (await RunAsync(January)).Result.ShouldBe(RunResult.Committed);
        var entries = await LedgerEntriesAsync();

        var again = await RunAsync(January);

        again.Result.ShouldBe(RunResult.Refused);
        again.Message.ShouldContain("already committed");
        (await LedgerEntriesAsync()).ShouldBe(entries);
    }

    [Fact]
    public async Task the_database_allows_one_open_batch_per_period()
    {
        await SeedAsync(January, premiums: 30, claims: 3);
        await PlanAsync(January, "2025-01-FIRST");

        var (batch, refusal) = await new Preflight(Store).PlanAsync(Request(January), "2025-01-SECOND", Ct);

        batch.ShouldBeNull();
        refusal!.Result.ShouldBe(RunResult.Refused);
        refusal.Message.ShouldContain("2025-01-FIRST");
        (await Store.FindBatchAsync("2025-01-SECOND", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task two_batches_for_one_period_planned_at_the_same_time_give_exactly_one()
    {
        await SeedAsync(January, premiums: 30, claims: 3);
        var attempts = Enumerable.Range(1, 4)
            .Select(i => Task.Run(() => new Preflight(Store).PlanAsync(Request(January), $"2025-01-RACE{i}", Ct)))
            .ToList();

        var results = await Task.WhenAll(attempts);

        results.Count(r => r.Batch is not null).ShouldBe(1);
        results.Count(r => r.Refusal?.Result == RunResult.Refused).ShouldBe(3);
    }

    [Fact]
    public async Task an_open_batch_holds_the_next_je_numbers_so_another_period_cannot_plan_over_them()
    {
        await SeedAsync(January, premiums: 30, claims: 3);
        await SeedAsync(February, premiums: 30, claims: 3, seed: 5);
        await PlanAsync(January);

        var (batch, refusal) = await new Preflight(Store).PlanAsync(Request(February), "2025-02-MONTHEND", Ct);

        batch.ShouldBeNull();
        refusal!.Message.ShouldContain("JE numbers");
    }

    [Fact]
    public async Task after_the_commit_staging_is_archived_and_cleared()
    {
        await SeedAsync(January, premiums: 40, claims: 4);

        var outcome = await RunAsync(January);

        outcome.Batch!.ArchivedAt.ShouldNotBeNull();
        outcome.Batch.StagingLocation.ShouldBeNull();
        await Should.ThrowAsync<Exception>(() => Store.MeasureStagingAsync(outcome.Batch, Ct));
        (await Store.GetEventsAsync(outcome.Batch.BatchId, Ct)).ShouldContain(e => e.Event == "STAGING_ARCHIVED");
    }

    [Fact]
    public async Task abort_leaves_the_ledger_untouched_cleans_staging_and_frees_the_period()
    {
        var (premiums, claims) = await SeedAsync(January, premiums: 60, claims: 6);
        var staged = await StageAsync(January);
        (await Store.MeasureStagingAsync(staged, Ct)).HeaderCount.ShouldBe(186);

        var aborted = await Store.AbortAsync(staged.BatchId, "test abort", Ct);

        aborted.Status.ShouldBe(BatchStatus.Aborted);
        await Should.ThrowAsync<Exception>(() => Store.MeasureStagingAsync(aborted, Ct));
        (await LedgerEntriesAsync()).ShouldBe(0);
        (await FlaggedSourceRowsAsync()).ShouldBe(0);
        var rerun = await RunAsync(January);
        rerun.Result.ShouldBe(RunResult.Committed);
        rerun.Batch!.BatchId.ShouldBe("2025-01-MONTHEND-R2");
        var balances = await Store.GetFundBalancesAsync(Ct);
        var expected = ExpectedFundChange(premiums, claims);
        Funds.All.ShouldAllBe(f => balances[f] == expected[f]);
    }

    [Fact]
    public async Task a_committed_batch_cannot_be_aborted()
    {
        await SeedAsync(January, premiums: 20, claims: 2);
        var committed = (await RunAsync(January)).Batch!;

        await Should.ThrowAsync<BatchTransitionException>(() => Store.AbortAsync(committed.BatchId, "too late", Ct));
        (await Store.FindBatchAsync(committed.BatchId, Ct))!.Status.ShouldBe(BatchStatus.Committed);
    }

    [Fact]
    public async Task a_paused_batch_stages_nothing_until_resumed_then_commits()
    {
        await SeedAsync(January, premiums: 80, claims: 8);
        var batch = await PlanAsync(January);
        await Store.MoveAsync(batch.BatchId, BatchStatus.Planned, BatchStatus.Paused, "operator pause", Ct);

        var paused = await RunAsync(January);

        paused.Result.ShouldBe(RunResult.Paused);
        (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Sum(p => p.RecordsProcessed).ShouldBe(0);
        await Store.MoveAsync(batch.BatchId, BatchStatus.Paused, BatchStatus.Running, null, Ct);
        var resumed = await RunAsync(January);
        resumed.Result.ShouldBe(RunResult.Committed, resumed.Message);
    }

    [Fact]
    public async Task a_run_that_stopped_part_way_resumes_from_its_checkpoints_and_writes_exactly_the_ledger_of_an_uninterrupted_run()
    {
        await SeedAsync(January, premiums: 200, claims: 20);
        var reference = await ReferenceLedgerAsync(premiums: 200, claims: 20);
        var batch = await PlanAsync(January);
        batch = await Store.MoveAsync(batch.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);

        // A worker stages two chunks of the first partition, then dies holding its lease.
        await using (var dying = await Store.OpenWorkerAsync(batch.BatchId, "dying-worker", Ct))
        {
            var lease = (await dying.ClaimPartitionAsync(TimeSpan.FromMilliseconds(300), Ct)).Lease!;
            await new ChunkProbe(dying, Rules, January, chunkSize: 10).StageAsync(lease, chunks: 2);
        }

        var resumed = await RunAsync(January, settings: Settings with { LeaseLength = TimeSpan.FromMilliseconds(300), HeartbeatInterval = TimeSpan.FromMilliseconds(100) });

        resumed.Result.ShouldBe(RunResult.Committed, resumed.Message);
        (await Target.LedgerRowsAsync()).ShouldBe(reference);
        (await Store.GetEventsAsync(batch.BatchId, Ct)).ShouldContain(e => e.Event == "LEASE_TAKEN_OVER");
    }

    [Fact]
    public async Task a_partition_that_failed_on_changed_source_is_redone_from_its_first_record_once_the_source_is_restored()
    {
        await SeedAsync(January, premiums: 200, claims: 20);
        var reference = await ReferenceLedgerAsync(premiums: 200, claims: 20);
        var batch = await PlanAsync(January);
        batch = await Store.MoveAsync(batch.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);

        // A record the workers have not reached yet is cancelled: they stage the rest of its partition
        // (numbering every later entry one place early), find the partition a record short and fail it.
        const long changed = 30;
        await Target.ExecuteAsync("UPDATE premium_transaction SET status = 'CANCELLED' WHERE txn_id = @changed", new { changed });
        var failed = await RunAsync(January);
        failed.Result.ShouldBeOneOf(RunResult.PartitionsFailed, RunResult.Paused);
        failed.Message.ShouldContain("source changed since planning");

        // Fix the cause and run again (resuming first if the failures paused the batch).
        await Target.ExecuteAsync("UPDATE premium_transaction SET status = 'PAID' WHERE txn_id = @changed", new { changed });
        if (failed.Result == RunResult.Paused)
        {
            await Store.MoveAsync(batch.BatchId, BatchStatus.Paused, BatchStatus.Running, null, Ct);
        }

        var rerun = await RunAsync(January);

        rerun.Result.ShouldBe(RunResult.Committed, rerun.Message);
        (await Target.LedgerRowsAsync()).ShouldBe(reference);
        (await Store.GetEventsAsync(batch.BatchId, Ct)).ShouldContain(e => e.Event == "PARTITIONS_RETRIED");
        rerun.CommitSteps.ShouldNotBeNull().ShouldNotContain(s => s.Step.Contains("unlike its chunk seals"),
            "the retry discarded the partition's staged rows and their seals together");
    }

    /// <summary>The ledger an undisturbed run writes for the same data, in a second database.</summary>
    private async Task<IReadOnlyList<string>> ReferenceLedgerAsync(int premiums, int claims)
    {
        await using var other = Targets();
        await using var store = await other.CreateStoreAsync();
        var generator = new MonthEnd.Core.Generation.SourceDataGenerator(Rules, 11);
        await store.AppendSourceAsync(generator.Premiums(January, premiums, 1), generator.Claims(January, claims, 1), Ct);
        var outcome = await new MonthEndRunner(store).RunAsync(new RunRequest(January, null, Rules, "contract-test", Settings), Ct);
        outcome.Result.ShouldBe(RunResult.Committed);
        return await other.LedgerRowsAsync();
    }
}
