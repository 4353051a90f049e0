using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>`monthend dry-run` through the real executable, on SQLite: exit codes, the --json shape, the copy's fate, `status`.</summary>
public sealed class DryRunTests
{
    [Fact]
    public async Task dry_run_exits_by_its_verdict_with_its_report_in_json_leaves_no_copy_or_batch_is_shown_by_status_and_refuses_a_committed_period_with_10()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 60, claims: 6);

        var result = await ws.CliAsync("dry-run", "--period", "2025-01", "--workers", "2", "--json");

        var json = Json.Parse(result);
        var verdict = json.Str("report", "recommendation", "verdict");
        verdict.ShouldNotBe("DO NOT PROCEED", result.ToString());
        result.ShouldExitWith(verdict == "PROCEED" ? 0 : 9);
        json.Str("result").ShouldBe(verdict);
        json.Long("exit_code").ShouldBe(result.ExitCode);
        json.Str("report", "dry_run_id").ShouldBe("2025-01-DRYRUN");
        json.Str("report", "result").ShouldBe("COMMITTED");
        json.Long("report", "throughput", "transactions").ShouldBe(66);
        json.At("report", "throughput", "target_transactions_per_second").GetDecimal().ShouldBe(5556m);
        json.At("report", "timing", "target_time_minutes").GetDecimal().ShouldBe(20m);
        var total = json.At("report", "timing", "total_time_minutes").GetDecimal();
        json.At("report", "timing", "buffer_remaining_minutes").GetDecimal().ShouldBe(120m - total);
        var checks = json.At("report", "validation", "checks").EnumerateArray().ToList();
        checks.Select(c => c.Str("code")).ShouldContain("FUND_TOTALS");
        checks.ShouldAllBe(c => c.Str("result") == "PASS");
        json.At("report", "validation", "debit_credit_balance").GetBoolean().ShouldBeTrue();
        json.At("report", "copy", "kept").GetBoolean().ShouldBeFalse();
        File.Exists(json.Str("report", "copy", "location")).ShouldBeFalse("the copy is removed");
        Directory.GetDirectories(ws.Directory).ShouldNotContain(d => d.EndsWith("-dryrun", StringComparison.Ordinal));
        using (var db = ws.Open())
        {
            db.ExecuteScalar<long>("SELECT count(*) FROM staging_month_end_master").ShouldBe(0);
            db.ExecuteScalar<long>("SELECT count(*) FROM journal_entry_header").ShouldBe(0);
            db.ExecuteScalar<long>("SELECT count(*) FROM premium_transaction WHERE batch_processed <> 0").ShouldBe(0);
            db.ExecuteScalar<long>("SELECT count(*) FROM audit_batch_operations WHERE operation = 'DRY_RUN' AND status = 'SUCCESS'").ShouldBe(1);
        }

        var status = Json.Parse((await ws.CliAsync("status", "--period", "2025-01", "--json")).ShouldExitWith(0));
        status.Str("dry_run", "recommendation").ShouldBe(verdict);
        status.Str("dry_run", "report", "dry_run_id").ShouldBe("2025-01-DRYRUN");
        (await ws.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = "viewer password 123" }, "user", "add", "vera", "--role", "finance_viewer"))
            .ShouldExitWith(0);
        var asViewer = new Dictionary<string, string?> { ["MONTHEND_USER"] = "vera", ["MONTHEND_PASSWORD"] = "viewer password 123" };
        var forFinance = Json.Parse((await ws.CliWithAsync(asViewer, "status", "--period", "2025-01", "--json")).ShouldExitWith(0));
        forFinance.Str("dry_run", "recommendation").ShouldBe(verdict, "Finance confirms the dry run (SOP 1 step 1.3)");
        forFinance.At("batches").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "listing batches needs view_all_batches");

        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        var refused = (await ws.CliAsync("dry-run", "--period", "2025-01")).ShouldExitWith(10);
        refused.Text.ShouldContain("DO NOT PROCEED");
        refused.Text.ShouldContain("2025-01-MONTHEND (COMMITTED)");
    }
}
