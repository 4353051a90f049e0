using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

public sealed class ImportTests
{
    private const string Header = "txn_id,policy_id,txn_date,payment_date,premium_amount,fund_tabarru,fund_tanahud,fund_ujroh,product_code,plan_code,payment_method,status,account_number,policy_holder_id";

    [Fact]
    public async Task generate_csv_then_import_exits_0_and_validate_source_sees_the_imported_rows()
    {
        using var ws = new Workspace();
        await ws.InitAsync();
        var dir = Path.Combine(ws.Directory, "files") + Path.DirectorySeparatorChar;

        (await ws.CliAsync("generate", "--period", "2025-01", "--premiums", "60", "--claims", "7", "--csv", dir)).ShouldExitWith(0);
        (await ws.CliAsync("import", "premiums", Path.Combine(dir, "premiums.csv"))).ShouldExitWith(0).Stdout.ShouldContain("imported 60 premiums");
        (await ws.CliAsync("import", "claims", Path.Combine(dir, "claims.csv"))).ShouldExitWith(0).Stdout.ShouldContain("imported 7 claims");
        (await ws.CliAsync("validate-source", "--period", "2025-01")).ShouldExitWith(0).Text.ShouldContain("60 premiums");

        using var db = ws.Open();
        db.Count("SELECT count(*) FROM audit_batch_operations WHERE operation = 'SOURCE_IMPORTED' AND status = 'SUCCESS'").ShouldBe(2);
    }

    [Fact]
    public async Task import_of_bad_rows_exits_2_naming_each_line_column_and_rule_imports_nothing_and_never_shows_personal_data()
    {
        using var ws = new Workspace();
        await ws.InitAsync();
        var file = Path.Combine(ws.Directory, "bad.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n",
            Header,
            "1,900,2025-01-14,2025-01-15,1000.00,400.00,400.00,200.00,HYBRID-LIFE-001,PLAN-A,TRANSFER,PAID,0012345678,3174051203850001",
            "2,900,2025-01-14,2025-01-15,1000.001,400.00,400.00,200.00,HYBRID-LIFE-001,\"two",
            "lines\",TRANSFER,PAID,0012345678,3174051203850001",
            "3,900,2025-01-14,2025-02-30,1000.00,400.00,400.00,200.00,HYBRID-LIFE-001,PLAN-A,TRANSFER,PAID,0012345678,3174051203850001",
            "1,900,2025-01-14,2025-01-15,1000.00,400.00,400.00,200.00,HYBRID-LIFE-001,PLAN-A,TRANSFER,PAID,0012345678,3174051203850001") + "\r\n");

        var text = (await ws.CliAsync("import", "premiums", file)).ShouldExitWith(2);
        text.Stdout.ShouldContain("line 3, premium_amount:");
        text.Stdout.ShouldContain("(rule AMOUNT_DECIMALS)");
        text.Stdout.ShouldContain("line 5, payment_date:");
        text.Stdout.ShouldContain("(rule DATE_EXISTS)");
        text.Stdout.ShouldContain("line 6, txn_id: txn_id 1 is already on line 2 of the file (rule ID_UNIQUE_IN_FILE)");
        text.Stdout.ShouldContain("3 findings in 4 records; nothing imported");
        text.Text.ShouldNotContain("0012345678");
        text.Text.ShouldNotContain("3174051203850001");
        text.Text.ShouldNotContain("1000.001");

        var json = Json.Parse((await ws.CliAsync("import", "premiums", file, "--json")).ShouldExitWith(2));
        json.Str("result").ShouldBe("INVALID_INPUT");
        json.Long("finding_count").ShouldBe(3);
        json.At("findings").EnumerateArray().Select(f => (f.Long("line"), f.Str("column"), f.Str("rule")))
            .ShouldBe([(3L, "premium_amount", "AMOUNT_DECIMALS"), (5L, "payment_date", "DATE_EXISTS"), (6L, "txn_id", "ID_UNIQUE_IN_FILE")]);

        await File.WriteAllTextAsync(file, Header.Replace(",status", ",state", StringComparison.Ordinal) + "\r\n");
        (await ws.CliAsync("import", "premiums", file)).ShouldExitWith(2).Stderr.ShouldContain("unknown column 'state'");

        using var db = ws.Open();
        db.Count("SELECT count(*) FROM premium_transaction").ShouldBe(0);
        db.Count("SELECT count(*) FROM audit_batch_operations WHERE operation = 'SOURCE_IMPORTED' AND status = 'FAILED'").ShouldBe(3);
    }
}
