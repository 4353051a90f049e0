using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>
/// Several monthend processes on one SQLite database: they share the staging of a batch by
/// partition leases (one writer at a time, by one lock order for the main and staging files), or
/// the later one is refused with a message; none waits forever.
/// </summary>
public sealed class SqliteProcessesTests
{
    private const string Period = "2025-01";
    private const string BatchId = "2025-01-MONTHEND";
    private const long Premiums = 60_000;
    private const long Claims = 3_000;

    [Fact]
    public async Task two_runs_at_once_on_one_sqlite_database_both_end_one_commits_and_the_ledger_equals_the_source()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, Claims, seed: 5);

        CliResult first, second;
        using (var a = ws.Start("run", "--period", Period, "--workers", "2", "--chunk-size", "250"))
        {
            // The second run starts once the first is staging, so that both write the batch's staging file.
            await Poll.WhileRunningAsync(a, "the first run started staging", () => ws.StagedRecords(BatchId) is > 0 ? true : (bool?)null);
            using var b = ws.Start("run", "--period", Period, "--workers", "2", "--chunk-size", "250");
            first = await a.WaitAsync();
            second = await b.WaitAsync();
        }

        var outcomes = new[] { first, second };
        outcomes.Count(r => r.ExitCode == 0).ShouldBe(1, $"exactly one run commits\n{first}\n{second}");
        var other = outcomes.Single(r => r.ExitCode != 0);
        other.ExitCode.ShouldBe(4, $"the other run is refused\n{other}");
        other.Text.ShouldMatch("another monthend run on this database took it on to validation and commit|already committed",
            $"the other run says why it stopped\n{other}");
        (await ws.StatusAsync(BatchId)).Str("batch", "status").ShouldBe("COMMITTED");
        using var db = ws.Open();
        db.ShouldHaveConsistentLedger((3 * Premiums) + Claims);
        db.ShouldEqualWhatTheSourceMakes(Period);
    }

    [Fact]
    public async Task run_with_no_workers_and_two_worker_processes_stages_together_and_commits_a_ledger_equal_to_the_source()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, Claims, seed: 6);

        CliResult run;
        var workers = new List<CliResult>();
        using (var coordinator = ws.Start("run", "--period", Period, "--workers", "0", "--chunk-size", "250"))
        {
            await Poll.WhileRunningAsync(coordinator, "the batch is running", () => ws.BatchStatus(BatchId) == "RUNNING" ? true : (bool?)null);
            using var w1 = ws.Start("worker", "--name", "one", "--exit-when-idle", "--poll-seconds", "0.2");
            using var w2 = ws.Start("worker", "--name", "two", "--exit-when-idle", "--poll-seconds", "0.2");
            workers.Add(await w1.WaitAsync());
            workers.Add(await w2.WaitAsync());
            run = await coordinator.WaitAsync();
        }

        run.ShouldExitWith(0);
        foreach (var worker in workers)
        {
            worker.ShouldExitWith(0);
            worker.Stdout.ShouldContain("staged", customMessage: $"each worker process staged a share of the batch\n{worker}");
        }

        using var db = ws.Open();
        db.ShouldHaveConsistentLedger((3 * Premiums) + Claims);
        db.ShouldEqualWhatTheSourceMakes(Period);
    }
}
