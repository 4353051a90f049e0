using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>Ctrl-C (SIGINT) and a service stop (SIGTERM) during `run` or `worker`: the batch stops cleanly and the message says how to carry on.</summary>
public sealed class InterruptionTests
{
    private const string Period = "2025-01";
    private const string BatchId = "2025-01-MONTHEND";
    private const long Premiums = 60_000;

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public async Task a_signal_while_staging_stops_the_run_with_the_resume_command_and_running_it_commits(string signal, int exitCode)
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, claims: 0);

        using (var run = ws.Start("run", "--period", Period, "--workers", "1", "--chunk-size", "500"))
        {
            await Poll.WhileRunningAsync<long>(run, "some records were staged", () => ws.StagedRecords(BatchId) is > 0 and < Premiums and var n ? n : null);
            Signals.Send(run, signal);
            var stopped = (await run.WaitAsync()).ShouldExitWith(exitCode);

            stopped.Stderr.ShouldContain($"stopped by SIG{signal}: batch {BatchId} is RUNNING");
            stopped.Stderr.ShouldContain($"Resume with: monthend run --period {Period} --batch-id {BatchId} --db {ws.Db}");
            stopped.Text.ShouldNotContain("Exception");
        }

        (await ws.CliAsync("run", "--period", Period, "--batch-id", BatchId)).ShouldExitWith(0);
        using var db = ws.Open();
        db.ShouldHaveConsistentLedger(3 * Premiums);
    }

    [Fact]
    public async Task sigterm_with_json_gives_the_interruption_as_json_with_exit_143()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, claims: 0);

        using var run = ws.Start("run", "--period", Period, "--workers", "1", "--chunk-size", "500", "--json");
        await Poll.WhileRunningAsync<long>(run, "some records were staged", () => ws.StagedRecords(BatchId) is > 0 and < Premiums and var n ? n : null);
        Signals.Send(run, "TERM");
        var json = Json.Parse((await run.WaitAsync()).ShouldExitWith(143));

        json.Str("result").ShouldBe("INTERRUPTED");
        json.Long("exit_code").ShouldBe(143);
        json.Str("message").ShouldContain($"monthend run --period {Period} --batch-id {BatchId}");
    }

    [Fact]
    public async Task sigterm_to_a_worker_process_says_it_stopped_and_how_to_carry_on()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, Premiums, claims: 0);
        using var coordinator = ws.Start("run", "--period", Period, "--workers", "0", "--chunk-size", "500");
        await Poll.WhileRunningAsync<bool>(coordinator, "the batch was planned", () => ws.BatchStatus(BatchId) is "RUNNING" ? true : null);

        using (var worker = ws.Start("worker", "--name", "w-test"))
        {
            await Poll.WhileRunningAsync<long>(worker, "the worker staged some records", () => ws.StagedRecords(BatchId) is > 0 and < Premiums and var n ? n : null);
            Signals.Send(worker, "TERM");
            var stopped = (await worker.WaitAsync()).ShouldExitWith(143);
            stopped.Stderr.ShouldContain("stopped by SIGTERM");
            stopped.Stderr.ShouldContain($"--batch-id {BatchId}");
        }

        (await ws.CliAsync("worker", "--exit-when-idle", "--poll-seconds", "0.2", "--lease-seconds", "2", "--heartbeat-seconds", "1")).ShouldExitWith(0);
        (await coordinator.WaitAsync()).ShouldExitWith(0);
    }
}
