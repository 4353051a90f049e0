using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>The lifecycle commands as an operator runs them: preflight's exit codes, and a committed rollback killed mid-transaction.</summary>
public sealed class LifecycleTests
{
    private const string BatchId = "2025-01-MONTHEND";
    private const string BobPassword = "second admin password";

    private static Dictionary<string, string?> As(string user, string password) => new() { ["MONTHEND_USER"] = user, ["MONTHEND_PASSWORD"] = password };

    [Fact]
    public async Task preflight_exits_4_naming_each_failed_check_and_0_when_the_period_is_ready()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 40, claims: 4);
        (await ws.CliAsync("generate", "--period", "2025-02", "--premiums", "30", "--claims", "3", "--seed", "8")).ShouldExitWith(0);

        var early = Json.Parse((await ws.CliAsync("preflight", "--period", "2025-02", "--json")).ShouldExitWith(4));
        early.GetProperty("passed").GetBoolean().ShouldBeFalse();
        var verdicts = early.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("verdict").GetString());
        verdicts["PRIOR_PERIOD_POSTED"].ShouldBe("FAIL", "January is not posted yet");
        verdicts["SOURCE_VALID"].ShouldBe("PASS");
        verdicts["PERIOD_OPEN"].ShouldBe("PASS");

        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        var ready = (await ws.CliAsync("preflight", "--period", "2025-02")).ShouldExitWith(0);
        ready.Stdout.ShouldContain("pre-flight PASSED");
        using var db = ws.Open();
        db.Count("SELECT count(*) FROM sqlite_master WHERE name = 'monthend_write_probe'").ShouldBe(0, "the probe's table was rolled back");
        db.Count("SELECT count(*) FROM staging_month_end_master WHERE period = '2025-02'").ShouldBe(0, "pre-flight plans nothing");
    }

    [Fact]
    public async Task kill_9_during_a_committed_rollback_leaves_the_batch_committed_and_a_new_request_rolls_it_back_whole()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 60_000, claims: 3_000, seed: 11);
        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        (await ws.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = BobPassword }, "user", "add", "bob", "--role", "batch_admin"))
            .ShouldExitWith(0);
        Dictionary<string, long> balances;
        using (var db = ws.Open())
        {
            balances = db.FundBalances();
        }

        (await ws.CliAsync("rollback", "--batch-id", BatchId, "--reason", "CFO: wrong allocation table", "--confirm")).ShouldExitWith(0);
        using (var approve = MonthEndProcess.Start(ws.Directory, ["approve", "1", "--db", ws.Db], As("bob", BobPassword)))
        {
            // The checksum file is the backup's last step; the rollback's one transaction starts right after it.
            var backups = Path.Combine(ws.Directory, "monthend-backups");
            await Poll.WhileRunningAsync(approve, "the backup was written",
                () => Directory.Exists(backups) && Directory.GetFiles(backups, "*.sha256").Length > 0 ? true : (bool?)null);
            var journal = await Poll.WhileRunningAsync(approve, "the rollback transaction wrote to the main file's journal",
                () => ws.JournalLength is > 0 and var length ? length : (long?)null);
            approve.KillHard();
            (await approve.WaitAsync()).ExitCode.ShouldNotBe(0, $"killed with {journal} bytes in the journal");
        }

        ws.JournalLength.ShouldBeGreaterThan(0, "the kill must land inside the rollback's transaction for this test to test it");
        ws.BatchStatus(BatchId).ShouldBe("COMMITTED");
        using (var db = ws.Open())
        {
            db.ShouldHaveConsistentLedger((3 * 60_000) + 3_000);
            db.FundBalances().ShouldBe(balances);
            db.FlaggedSourceRows().ShouldBe(63_000);
        }

        Directory.GetFiles(Path.Combine(ws.Directory, "monthend-backups"), "*.jsonl.gz").ShouldHaveSingleItem("the backup is written before anything changes");
        (await ws.CliAsync("rollback", "--batch-id", BatchId, "--reason", "again after the crash", "--confirm")).ShouldExitWith(0);
        (await ws.CliWithAsync(As("bob", BobPassword), "approve", "2")).ShouldExitWith(0).Stdout.ShouldContain("integrity check PASS");

        ws.BatchStatus(BatchId).ShouldBe("ROLLED_BACK");
        using (var db = ws.Open())
        {
            db.ShouldBeUntouchedByBatches();
        }
    }

    [Fact]
    public async Task kill_9_inside_a_reversals_commit_leaves_the_batch_committed_and_approving_again_finishes_the_same_reversal()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 60_000, claims: 3_000, seed: 12);
        Dictionary<string, long> untouched;
        using (var db = ws.Open())
        {
            untouched = db.FundBalances();
        }

        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        (await ws.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = BobPassword }, "user", "add", "bob", "--role", "batch_admin"))
            .ShouldExitWith(0);
        Dictionary<string, long> posted;
        using (var db = ws.Open())
        {
            posted = db.FundBalances();
        }

        (await ws.CliAsync("reverse", "--batch-id", BatchId, "--date", "2025-02-01", "--reason", "wrong allocation table")).ShouldExitWith(0)
            .Stdout.ShouldContain("monthend approve 1");
        using (var approve = MonthEndProcess.Start(ws.Directory, ["approve", "1", "--db", ws.Db], As("bob", BobPassword)))
        {
            // Staging is one transaction that ends VALIDATING; the commit's transaction writes the main file's journal next.
            await Poll.WhileRunningAsync(approve, "the mirror entries were staged",
                () => ws.BatchStatus(ReversalId) == "VALIDATING" ? true : (bool?)null);
            var journal = await Poll.WhileRunningAsync(approve, "the reversal's commit wrote to the main file's journal",
                () => ws.JournalLength is > 0 and var length ? length : (long?)null);
            approve.KillHard();
            (await approve.WaitAsync()).ExitCode.ShouldNotBe(0, $"killed with {journal} bytes in the journal");
        }

        ws.JournalLength.ShouldBeGreaterThan(0, "the kill must land inside the commit's transaction for this test to test it");
        ws.BatchStatus(BatchId).ShouldBe("COMMITTED");
        ws.BatchStatus(ReversalId).ShouldBe("VALIDATING");
        using (var db = ws.Open())
        {
            db.ShouldHaveConsistentLedger((3 * 60_000) + 3_000);
            db.FundBalances().ShouldBe(posted);
        }

        (await ws.CliAsync("reverse", "--batch-id", BatchId, "--date", "2025-02-01", "--reason", "again after the crash")).ShouldExitWith(0);
        (await ws.CliWithAsync(As("bob", BobPassword), "approve", "2")).ShouldExitWith(0).Stdout.ShouldContain($"REVERSED by {ReversalId}");

        ws.BatchStatus(BatchId).ShouldBe("REVERSED");
        ws.BatchStatus(ReversalId).ShouldBe("COMMITTED");
        using (var db = ws.Open())
        {
            db.ShouldHaveConsistentLedger(2 * ((3 * 60_000) + 3_000));
            db.FundBalances().ShouldBe(untouched);
            db.Count($"SELECT count(*) FROM journal_entry_header r JOIN journal_entry_header o ON o.je_id = r.reverses_je_id WHERE r.batch_id = '{ReversalId}' AND o.batch_id = '{BatchId}'")
                .ShouldBe((3 * 60_000) + 3_000, "each mirror is linked to an entry of the reversed batch");
        }
    }

    private const string ReversalId = BatchId + "-REV";
}
