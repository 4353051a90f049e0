using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>
/// The same source, generated with the same seed, run once without interruption: what every
/// interrupted-and-resumed run of that source must end up identical to.
/// </summary>
public sealed class ReferenceRun : IAsyncLifetime, IDisposable
{
    public const string Period = "2025-01";
    public const string BatchId = "2025-01-MONTHEND";
    public const long Premiums = 200_000;
    public const long Claims = 10_000;
    public const int Seed = 20250131;

    private readonly Workspace _workspace = new("reference.db");

    public string Db => _workspace.Db;

    public async Task InitializeAsync()
    {
        await _workspace.InitAndGenerateAsync(Period, Premiums, Claims, Seed);
        var result = Json.Parse((await _workspace.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(0));
        result.Long("ledger", "entries").ShouldBe((3 * Premiums) + Claims);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _workspace.Dispose();
}

/// <summary>kill -9 at the worst moments, then `run` again: the result must be exactly the uninterrupted run's.</summary>
public sealed class CrashRecoveryTests(ReferenceRun reference) : IClassFixture<ReferenceRun>
{
    private const string Period = ReferenceRun.Period;
    private const string BatchId = ReferenceRun.BatchId;
    private const long Records = ReferenceRun.Premiums + ReferenceRun.Claims;

    [Fact]
    public async Task kill_9_while_staging_then_run_again_commits_exactly_the_uninterrupted_result()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, ReferenceRun.Premiums, ReferenceRun.Claims, ReferenceRun.Seed);

        using (var run = ws.Start("run", "--period", Period, "--workers", "2", "--chunk-size", "2000"))
        {
            var staged = await Poll.WhileRunningAsync<long>(run, "some but not all records were staged",
                () => ws.StagedRecords(BatchId) is > 0 and < Records and var n ? n : null);
            run.KillHard();
            var killed = await run.WaitAsync();
            killed.ExitCode.ShouldNotBe(0, $"the run was killed after staging {staged} records; it cannot have exited 0\n{killed}");
        }

        var afterKill = await ws.StatusAsync(BatchId);
        afterKill.Str("batch", "status").ShouldBe("RUNNING", "the kill was meant to land mid-staging");
        afterKill.Long("records_processed").ShouldBeLessThan(Records, "the kill landed after staging had finished; give the run more data");
        var orphaned = afterKill.At("partitions").EnumerateArray()
            .Where(p => p.Str("status") == "RUNNING")
            .Select(p => (No: p.Long("partition_no"), Owner: p.Str("lease_owner"), Done: p.Long("records_processed")))
            .ToList();
        using (var db = ws.Open())
        {
            db.ShouldBeUntouchedByBatches();
        }

        var resumed = Json.Parse((await ws.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(0));
        resumed.Str("result").ShouldBe("COMMITTED");
        resumed.Str("batch", "batch_id").ShouldBe(BatchId, "the run resumes the killed batch rather than starting a new one");
        resumed.Long("ledger", "entries").ShouldBe((3 * ReferenceRun.Premiums) + ReferenceRun.Claims);

        // The killed run's leases were taken back at once (its pid is gone), each from its checkpoint.
        var reclaimed = (await ws.StatusAsync(BatchId)).At("events").EnumerateArray()
            .Where(e => e.Str("event") == "LEASE_RECLAIMED").Select(e => e.Str("details")).ToList();
        foreach (var (no, owner, done) in orphaned)
        {
            reclaimed.ShouldContain(d => d.StartsWith($"partition {no}: owner {owner} is no longer running; resuming from record {done}"),
                $"partition {no} was leased by the killed run");
        }

        // A chunk cut short by the kill was rolled back from its journal, file change counter included:
        // the staging file's write chain still holds, and the commit believed the chunks' seals.
        (await ws.StatusAsync(BatchId)).At("events").EnumerateArray().Single(e => e.Str("event") == "BATCH_COMMITTED").Str("details")
            .ShouldContain("staging as its chunks sealed it");
        LedgerChecks.ShouldMatchReference(ws.Db, reference.Db);
        using (var db = ws.Open())
        {
            db.ShouldHaveConsistentLedger((3 * ReferenceRun.Premiums) + ReferenceRun.Claims);
        }

        File.Exists(ws.StagingFile(BatchId)).ShouldBeFalse();
        File.Exists(ws.ArchiveFile(BatchId)).ShouldBeTrue();
    }

    [Fact]
    public async Task kill_9_during_the_commit_transaction_leaves_nothing_in_the_ledger_and_run_again_commits_exactly_the_uninterrupted_result()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, ReferenceRun.Premiums, ReferenceRun.Claims, ReferenceRun.Seed);

        using (var run = ws.Start("run", "--period", Period))
        {
            await Poll.WhileRunningAsync(run, "the batch reached VALIDATING",
                () => ws.BatchStatus(BatchId) == "VALIDATING" ? true : (bool?)null);
            var journal = await Poll.WhileRunningAsync(run, "the validate-and-commit transaction wrote to the main file's journal",
                () => ws.JournalLength is > 0 and var length ? length : (long?)null);
            run.KillHard();
            var killed = await run.WaitAsync();
            killed.ExitCode.ShouldNotBe(0, $"the run was killed with {journal} bytes in its journal; it cannot have exited 0\n{killed}");
        }

        ws.JournalLength.ShouldBeGreaterThan(0,
            "the main file's journal should still be hot (the kill landed inside the write transaction); it is empty, so the commit had finished");
        var afterKill = await ws.StatusAsync(BatchId);
        afterKill.Str("batch", "status").ShouldNotBe("COMMITTED",
            "the kill landed after the commit had finished, so this run did not test an interrupted commit; give the run more data");
        afterKill.Str("batch", "status").ShouldBe("VALIDATING");
        using (var db = ws.Open())
        {
            db.ShouldBeUntouchedByBatches();
            db.Count("SELECT count(*) FROM staging_validation_result").ShouldBe(0, "validation results of the rolled-back transaction");
        }

        File.Exists(ws.StagingFile(BatchId)).ShouldBeTrue("the staging file, still needed for the commit");

        var resumed = Json.Parse((await ws.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(0));
        resumed.Str("result").ShouldBe("COMMITTED");
        resumed.Str("batch", "batch_id").ShouldBe(BatchId);

        LedgerChecks.ShouldMatchReference(ws.Db, reference.Db);
        using (var db = ws.Open())
        {
            db.ShouldHaveConsistentLedger((3 * ReferenceRun.Premiums) + ReferenceRun.Claims);
        }

        File.Exists(ws.StagingFile(BatchId)).ShouldBeFalse();
        File.Exists(ws.ArchiveFile(BatchId)).ShouldBeTrue();
    }
}
