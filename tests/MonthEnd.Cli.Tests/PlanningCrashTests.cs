using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>A run that died after recording its batch but before creating the batch's staging file.</summary>
public sealed class PlanningCrashTests
{
    private const string Period = "2025-01";
    private const string BatchId = "2025-01-MONTHEND";
    private const long Premiums = 20_000;
    private const long Claims = 1_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task a_batch_planned_by_a_run_that_died_before_its_staging_file_existed_is_resumed_and_committed(int workers)
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, Claims);
        await RecreateTheStateOfADeathRightAfterPlanningAsync(ws);

        var json = Json.Parse((await ws.CliAsync("run", "--period", Period, "--workers", workers.ToString(), "--json")).ShouldExitWith(0));

        json.Str("result").ShouldBe("COMMITTED");
        json.Str("batch", "batch_id").ShouldBe(BatchId);
        using var db = ws.Open();
        db.ShouldHaveConsistentLedger((3 * Premiums) + Claims);
        db.FundBalances().ShouldBe(db.ExpectedFundMovements(Period), ignoreOrder: true);
    }

    /// <summary>
    /// CreateBatchAsync commits the batch and its partitions, then creates the staging file: a process
    /// that dies between the two leaves a PLANNED batch and no file. This builds that state: a run with
    /// no in-process workers (--workers 0) plans the batch, is killed, and its untouched staging file
    /// is removed and the batch put back to PLANNED.
    /// </summary>
    private static async Task RecreateTheStateOfADeathRightAfterPlanningAsync(Workspace ws)
    {
        using (var planner = ws.Start("run", "--period", Period, "--workers", "0"))
        {
            await Poll.WhileRunningAsync(planner, "the batch was planned", () => ws.BatchStatus(BatchId) == "RUNNING" ? true : (bool?)null);
            planner.KillHard();
            await planner.WaitAsync();
        }

        File.Delete(ws.StagingFile(BatchId));
        File.Delete(ws.StagingFile(BatchId) + "-journal");
        using var db = ws.Open();
        db.Count("SELECT count(*) FROM staging_worker_partition WHERE batch_id = @BatchId AND (attempts > 0 OR records_processed > 0)", new { BatchId })
            .ShouldBe(0, "no worker ever started on the batch");
        db.Execute("UPDATE staging_month_end_master SET status = 'PLANNED', started_at = NULL WHERE batch_id = @BatchId", new { BatchId });
    }
}
