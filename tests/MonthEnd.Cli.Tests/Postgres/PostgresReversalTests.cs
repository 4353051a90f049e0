using MonthEnd.Cli.Tests.Infrastructure;
using Npgsql;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>A reversal on PostgreSQL killed inside its commit's transaction: the ledger ends as before, never between; approving again finishes it.</summary>
[Collection(PgReferenceGroup.Name)]
public sealed class PostgresReversalTests
{
    private const string BobPassword = "second admin password";
    private const string ReversalId = PgDatabase.BatchId + "-REV";

    [Fact]
    public async Task kill_9_inside_a_reversals_commit_leaves_the_batch_committed_and_approving_again_finishes_the_same_reversal()
    {
        await using var db = await PgDatabase.CreateAsync();
        await db.InitAndGenerateAsync(premiums: 2_000, claims: 100, seed: 18);
        var untouched = await db.FundBalancesAsync();
        (await db.CliAsync("run", "--period", PgDatabase.Period)).ShouldExitWith(0);
        (await db.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = BobPassword }, "user", "add", "bob", "--role", "batch_admin"))
            .ShouldExitWith(0);
        var posted = await db.FundBalancesAsync();
        (await db.CliAsync("reverse", "--batch-id", PgDatabase.BatchId, "--date", "2025-02-01", "--reason", "CFO decision")).ShouldExitWith(0);

        // Hold a fund's row: the commit's transaction attaches the mirror entries as the ledger, then waits here to move the funds back, where it is killed.
        await using var holder = new NpgsqlConnection(db.TestConnection);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT fund_type FROM fund_balance WHERE fund_type = 'TABARRU' FOR UPDATE", holder, hold))
        {
            (await lockRow.ExecuteScalarAsync()).ShouldNotBeNull();
        }

        var environment = new Dictionary<string, string?>(PgDatabase.KeyEnvironment) { ["MONTHEND_USER"] = "bob", ["MONTHEND_PASSWORD"] = BobPassword };
        using (var approve = MonthEndProcess.Start(db.Directory, ["approve", "1", "--db", db.Db], environment))
        {
            await PgPoll.UntilAsync([approve], "the reversal's commit waited on the held fund row", async () => await db.CountAsync("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'monthend' AND wait_event_type = 'Lock' AND query LIKE '%UPDATE fund_balance%'
                """) > 0 ? true : (bool?)null);
            approve.KillHard();
            (await approve.WaitAsync()).ExitCode.ShouldNotBe(0);
        }

        await db.QueryAsync<bool>("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'monthend'");
        await db.WaitForNoProductSessionsAsync();
        await hold.RollbackAsync();

        (await db.BatchStatusAsync()).ShouldBe("COMMITTED");
        (await db.BatchStatusAsync(ReversalId)).ShouldBe("VALIDATING");
        await db.ShouldHaveConsistentLedgerAsync((3 * 2_000) + 100);
        (await db.FundBalancesAsync()).ShouldBe(posted);

        (await db.CliAsync("reverse", "--batch-id", PgDatabase.BatchId, "--date", "2025-02-01", "--reason", "again after the crash")).ShouldExitWith(0);
        (await db.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_USER"] = "bob", ["MONTHEND_PASSWORD"] = BobPassword }, "approve", "2"))
            .ShouldExitWith(0).Stdout.ShouldContain($"REVERSED by {ReversalId}");
        (await db.BatchStatusAsync()).ShouldBe("REVERSED");
        await db.ShouldHaveConsistentLedgerAsync(2 * ((3 * 2_000) + 100));
        (await db.FundBalancesAsync()).ShouldBe(untouched);
        (await db.CountAsync($"""
            SELECT count(*) FROM journal_entry_header r JOIN journal_entry_header o ON o.je_id = r.reverses_je_id
            WHERE r.batch_id = '{ReversalId}' AND o.batch_id = '{PgDatabase.BatchId}'
            """)).ShouldBe((3 * 2_000) + 100);
    }
}
