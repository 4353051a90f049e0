using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task demo_on_a_fresh_directory_exits_0_and_prints_COMMITTED()
    {
        using var ws = new Workspace();

        var demo = (await ws.CliWithoutDbAsync("demo", "--premiums", "20000", "--claims", "1000")).ShouldExitWith(0);

        demo.Text.ShouldContain("COMMITTED");
        demo.Text.ShouldContain("61,000 journal entries");
        demo.Text.ShouldContain("2. dry run");
        demo.Text.ShouldContain("checks passed; copy removed");
        Directory.Exists(Path.Combine(ws.Directory, "monthend-demo-dryrun")).ShouldBeFalse("the dry run's copy is removed");
        var summary = Path.Combine(ws.Directory, "monthend-demo-cfo-summary.html");
        demo.Text.ShouldContain(summary);
        var html = File.ReadAllText(summary);
        html.ShouldContain("<svg");
        html.ShouldContain("2025-01-MONTHEND");
        var database = Path.Combine(ws.Directory, "monthend-demo.db");
        File.Exists(database).ShouldBeTrue("the demo database in the working directory");
        using var db = Workspace.OpenFile(database, readOnly: true);
        db.ShouldHaveConsistentLedger(61_000);
        db.FundBalances().ShouldBe(db.ExpectedFundMovements("2025-01"), ignoreOrder: true);
    }
}
