using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>Stopping a batch part-way: pause, kill or abort while its workers stage, then abort and run the period again.</summary>
public sealed class AbortTests
{
    private const string Period = "2025-01";
    private const string BatchId = "2025-01-MONTHEND";
    private const long Premiums = 150_000;
    private const long Claims = 1_000;

    [Fact]
    public async Task pause_then_abort_discards_the_batch_and_a_new_run_commits_as_R2()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, Claims);
        using var run = await StartSlowRunAndWaitForProgressAsync(ws);

        (await ws.CliAsync("pause", "--batch-id", BatchId, "--reason", "test pause")).ShouldExitWith(0).Text.ShouldContain("PAUSED");
        var paused = (await run.WaitAsync()).ShouldExitWith(5);
        paused.Text.ShouldContain("paused");
        (await ws.StatusAsync(BatchId)).Str("batch", "status").ShouldBe("PAUSED");
        (await ws.CliAsync("run", "--period", Period)).ShouldExitWith(5).Text.ShouldContain("PAUSED");

        await AbortAndExpectNothingLeftAsync(ws);
        await RunAgainAndExpectR2CommittedAsync(ws);
    }

    [Fact]
    public async Task abort_after_the_run_was_killed_discards_the_batch_and_a_new_run_commits_as_R2()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, Claims);
        using (var run = await StartSlowRunAndWaitForProgressAsync(ws))
        {
            run.KillHard();
            await run.WaitAsync();
        }

        (await ws.StatusAsync(BatchId)).Str("batch", "status").ShouldBe("RUNNING");
        await AbortAndExpectNothingLeftAsync(ws);
        await RunAgainAndExpectR2CommittedAsync(ws);
    }

    [Fact]
    public async Task abort_while_the_run_is_staging_stops_it_at_a_chunk_boundary_with_exit_5()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, Claims);
        using var run = await StartSlowRunAndWaitForProgressAsync(ws);

        (await ws.CliAsync("abort", "--batch-id", BatchId)).ShouldExitWith(0).Text.ShouldContain("ABORTED");
        var stopped = (await run.WaitAsync()).ShouldExitWith(5);
        stopped.Text.ShouldContain("aborted");

        (await ws.StatusAsync(BatchId)).Str("batch", "status").ShouldBe("ABORTED");
        File.Exists(ws.StagingFile(BatchId)).ShouldBeFalse("the aborted batch's staging file");
        File.Exists(ws.StagingFile(BatchId) + "-journal").ShouldBeFalse("the aborted batch's staging journal");
        using var db = ws.Open();
        db.ShouldBeUntouchedByBatches();
    }

    /// <summary>One worker, small chunks: slow enough to be caught part-way.</summary>
    private static async Task<RunningCli> StartSlowRunAndWaitForProgressAsync(Workspace ws)
    {
        var run = ws.Start("run", "--period", Period, "--workers", "1", "--chunk-size", "500");
        try
        {
            var staged = await Poll.WhileRunningAsync<long>(run, "the first chunks were staged",
                () => ws.StagedRecords(BatchId) is > 0 and var n ? n : null);
            staged.ShouldBeLessThan(Premiums + Claims);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    private static async Task AbortAndExpectNothingLeftAsync(Workspace ws)
    {
        (await ws.CliAsync("abort", "--batch-id", BatchId, "--reason", "test abort")).ShouldExitWith(0).Text.ShouldContain($"batch {BatchId} is ABORTED");

        var status = await ws.StatusAsync(BatchId);
        status.Str("batch", "status").ShouldBe("ABORTED");
        status.Str("batch", "status_reason").ShouldBe("test abort");
        File.Exists(ws.StagingFile(BatchId)).ShouldBeFalse("the aborted batch's staging file");
        File.Exists(ws.StagingFile(BatchId) + "-journal").ShouldBeFalse("the aborted batch's staging journal");
        using var db = ws.Open();
        db.ShouldBeUntouchedByBatches();
        (await ws.CliAsync("abort", "--batch-id", BatchId)).ShouldExitWith(0).Text.ShouldContain("ABORTED");
    }

    private static async Task RunAgainAndExpectR2CommittedAsync(Workspace ws)
    {
        var json = Json.Parse((await ws.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(0));
        json.Str("result").ShouldBe("COMMITTED");
        json.Str("batch", "batch_id").ShouldBe(BatchId + "-R2");
        json.Long("ledger", "entries").ShouldBe((3 * Premiums) + Claims);

        using var db = ws.Open();
        db.ShouldHaveConsistentLedger((3 * Premiums) + Claims);
        db.FundBalances().ShouldBe(db.ExpectedFundMovements(Period), ignoreOrder: true);
        db.Count("SELECT count(*) FROM premium_transaction WHERE batch_processed = 1 AND batch_id = @id", new { id = BatchId + "-R2" }).ShouldBe(Premiums);
        db.Count("SELECT count(*) FROM claims_transaction WHERE batch_processed = 1 AND batch_id = @id", new { id = BatchId + "-R2" }).ShouldBe(Claims);
        File.Exists(ws.ArchiveFile(BatchId + "-R2")).ShouldBeTrue();
        (await ws.StatusAsync(BatchId)).Str("batch", "status").ShouldBe("ABORTED");
    }
}
