using MonthEnd.Cli.Tests.Infrastructure;
using Npgsql;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>A committed rollback on PostgreSQL killed inside its one transaction: the ledger ends as before, never between.</summary>
[Collection(PgReferenceGroup.Name)]
public sealed class PostgresRollbackTests
{
    private const string BobPassword = "second admin password";

    [Fact]
    public async Task kill_9_inside_a_committed_rollback_leaves_the_batch_committed_with_its_partitions_funds_and_flags()
    {
        await using var db = await PgDatabase.CreateAsync();
        await db.InitAndGenerateAsync(premiums: 2_000, claims: 100, seed: 17);
        (await db.CliAsync("run", "--period", PgDatabase.Period)).ShouldExitWith(0);
        (await db.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = BobPassword }, "user", "add", "bob", "--role", "batch_admin"))
            .ShouldExitWith(0);
        var balances = await db.FundBalancesAsync();
        (await db.CliAsync("rollback", "--batch-id", PgDatabase.BatchId, "--reason", "CFO decision", "--confirm")).ShouldExitWith(0);

        // Hold one of the batch's source rows: the rollback's transaction drops the ledger partitions and
        // moves the funds, then waits here on its source reset, where it is killed.
        await using var holder = new NpgsqlConnection(db.TestConnection);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT txn_id FROM premium_transaction WHERE batch_id = @b LIMIT 1 FOR UPDATE", holder, hold))
        {
            lockRow.Parameters.AddWithValue("b", PgDatabase.BatchId);
            (await lockRow.ExecuteScalarAsync()).ShouldNotBeNull();
        }

        var environment = new Dictionary<string, string?>(PgDatabase.KeyEnvironment) { ["MONTHEND_USER"] = "bob", ["MONTHEND_PASSWORD"] = BobPassword };
        using (var approve = MonthEndProcess.Start(db.Directory, ["approve", "1", "--db", db.Db], environment))
        {
            await PgPoll.UntilAsync([approve], "the rollback's transaction waited on the held source row", async () => await db.CountAsync("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'monthend' AND wait_event_type = 'Lock' AND query LIKE 'UPDATE premium_transaction%'
                """) > 0 ? true : (bool?)null);
            approve.KillHard();
            (await approve.WaitAsync()).ExitCode.ShouldNotBe(0);
        }

        // The backend waits on the held row and cannot notice its client is gone: it is ended as a DBA would end it.
        await db.QueryAsync<bool>("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'monthend'");
        await db.WaitForNoProductSessionsAsync();
        await hold.RollbackAsync();

        (await db.BatchStatusAsync()).ShouldBe("COMMITTED");
        await db.ShouldHaveConsistentLedgerAsync((3 * 2_000) + 100);
        (await db.FundBalancesAsync()).ShouldBe(balances);
        (await db.FlaggedSourceRowsAsync()).ShouldBe(2_100);
    }
}
