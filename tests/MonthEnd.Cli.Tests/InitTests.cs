using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

public sealed class InitTests
{
    [Fact]
    public async Task init_twice_exits_0_and_leaves_one_schema_one_rule_set_and_zero_fund_rows()
    {
        using var ws = new Workspace();

        (await ws.CliAsync("init", "--admin", TestIdentity.Admin)).ShouldExitWith(0).Text.ShouldContain("schema up to date");
        (await ws.CliAsync("init")).ShouldExitWith(0).Text.ShouldContain("schema up to date");

        using var db = ws.Open();
        var tables = db.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToList();
        foreach (var table in new[]
                 {
                     "premium_transaction", "claims_transaction", "fund_balance", "journal_entry_header", "journal_entry_line",
                     "staging_month_end_master", "staging_worker_partition", "staging_validation_result", "batch_lifecycle_log",
                     "posting_rule_set", "chart_of_accounts", "posting_template", "schema_migration",
                 })
        {
            tables.ShouldContain(table);
        }

        db.FundBalances().ShouldBe(new Dictionary<string, long> { ["TABARRU"] = 0, ["TANAHUD"] = 0, ["UJROH"] = 0 }, ignoreOrder: true);
        db.Count("SELECT count(*) FROM schema_migration").ShouldBe(db.Count("SELECT count(DISTINCT version) FROM schema_migration"));
        db.Count("SELECT count(*) FROM schema_migration WHERE version = 1").ShouldBe(1, "migration 1 recorded once");
        db.Count("SELECT count(*) FROM posting_rule_set").ShouldBe(1, "the default rules stored once");
        db.Count("SELECT count(*) FROM chart_of_accounts").ShouldBe(7, "the default chart of accounts, stored once");
        db.Count("SELECT count(*) FROM journal_entry_header").ShouldBe(0);
    }

    [Fact]
    public async Task run_status_and_worker_on_a_database_never_initialised_are_refused_with_exit_4_telling_to_run_init()
    {
        using var ws = new Workspace();

        foreach (var args in new[] { new[] { "run", "--period", "2025-01" }, ["status"], ["worker", "--exit-when-idle"], ["validate-source", "--period", "2025-01"] })
        {
            var result = (await ws.CliAsync(args)).ShouldExitWith(4);
            result.Stderr.ShouldContain("not initialised or not upgraded", Case.Sensitive, result.ToString());
            result.Stderr.ShouldContain("run `monthend init` first", Case.Sensitive, result.ToString());
        }

        File.Exists(ws.Db).ShouldBeFalse("nothing was created by the refused commands");
        await ws.InitAsync();
        (await ws.CliAsync("status")).ShouldExitWith(0);
    }
}
