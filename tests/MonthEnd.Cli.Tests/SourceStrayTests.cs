using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

public sealed class SourceStrayTests
{
    [Fact]
    public async Task validate_source_names_a_premium_whose_payment_date_is_no_date_with_its_rule_in_any_period_and_exits_2()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 50, claims: 5);
        using (var db = ws.Open())
        {
            db.Execute("""
                INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                                                 product_code, plan_code, payment_method, status)
                VALUES (900010, 77, '2025-01-05', '2025/01/05', 100000, 40000, 40000, 20000, 'HYBRID-LIFE-001', 'PLAN-A', 'TRANSFER', 'PAID')
                """);
        }

        foreach (var period in new[] { "2025-01", "2025-03" })
        {
            var result = (await ws.CliAsync("validate-source", "--period", period)).ShouldExitWith(2);

            // The value is source text of unknown meaning: withheld like personal data; the row is found by its id.
            result.Stdout.Split('\n').ShouldContain(l => l.Contains("premium txn_id 900010: payment_date holds [redacted]") && l.Contains("(rule UNREADABLE_DATE)"),
                result.ToString());
            result.Stdout.ShouldNotContain("2025/01/05");
        }

        var json = Json.Parse((await ws.CliAsync("validate-source", "--period", "2025-03", "--json")).ShouldExitWith(2));
        var record = json.At("invalid_records").EnumerateArray().ShouldHaveSingleItem();
        record.Str("record").ShouldBe("premium txn_id 900010");
        record.At("rules").EnumerateArray().Select(r => r.GetString()).ShouldBe(["UNREADABLE_DATE"]);
    }
}
