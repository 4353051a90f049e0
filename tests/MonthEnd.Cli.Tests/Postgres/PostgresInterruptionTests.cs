using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>SIGTERM to a `run` on PostgreSQL: it stops cleanly, names the batch and its staging tables, and the resume command commits.</summary>
[Collection(PgReferenceGroup.Name)]
public sealed class PostgresInterruptionTests
{
    [Fact]
    public async Task sigterm_while_staging_on_postgresql_prints_the_resume_command_exits_143_and_running_it_commits()
    {
        const long premiums = 60_000;
        await using var db = await PgDatabase.CreateAsync();
        await db.InitAndGenerateAsync(premiums, claims: 0, seed: 5);

        using (var run = db.Start("run", "--period", PgDatabase.Period, "--workers", "1", "--chunk-size", "500"))
        {
            await PgPoll.UntilAsync<long>([run], "some records were staged",
                async () => await db.StagedRecordsAsync() is > 0 and < premiums and var n ? n : null);
            Signals.Send(run, "TERM");
            var stopped = (await run.WaitAsync()).ShouldExitWith(143);
            stopped.Stderr.ShouldContain($"stopped by SIGTERM: batch {PgDatabase.BatchId} is RUNNING");
            stopped.Stderr.ShouldContain($"Resume with: monthend run --period {PgDatabase.Period} --batch-id {PgDatabase.BatchId} --db \"<the same connection string>\"");
            stopped.Text.ShouldNotContain("Exception");
        }

        (await db.CliAsync("status", "--batch-id", PgDatabase.BatchId)).ShouldExitWith(0).Text.ShouldContain("staging tables");
        (await db.CliAsync("run", "--period", PgDatabase.Period, "--batch-id", PgDatabase.BatchId)).ShouldExitWith(0);
        await db.ShouldHaveConsistentLedgerAsync(3 * premiums);
    }
}
