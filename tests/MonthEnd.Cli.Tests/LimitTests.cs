using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>Requests and source beyond what the store or the ledger can hold are refused before anything is stored (SQLite).</summary>
public sealed class LimitTests
{
    private const string Period = "2025-01";
    private const string BatchId = "2025-01-MONTHEND";

    [Fact]
    public async Task run_with_more_partitions_than_sqlite_holds_exits_64_naming_the_limit_and_stores_no_batch()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 3_000, claims: 0);

        var text = (await ws.CliAsync("run", "--period", Period, "--workers", "600", "--chunk-size", "1")).ShouldExitWith(64);
        text.Text.ShouldContain("PARTITIONS_PER_BATCH");
        text.Text.ShouldContain("at most 500");
        text.Text.ShouldContain("nothing was stored");
        text.Text.ShouldNotContain("Exception");

        var json = Json.Parse((await ws.CliAsync("run", "--period", Period, "--workers", "600", "--chunk-size", "1", "--json")).ShouldExitWith(64));
        json.Str("result").ShouldBe("LIMITEXCEEDED");
        json.Long("exit_code").ShouldBe(64);
        json.Str("limit", "name").ShouldBe("PARTITIONS_PER_BATCH");
        json.Long("limit", "allowed").ShouldBe(500);

        Json.Parse((await ws.CliAsync("status", "--json")).ShouldExitWith(0)).At("batches").GetArrayLength().ShouldBe(0, "batches stored");
        using (var db = ws.Open())
        {
            db.Count("SELECT count(*) FROM staging_month_end_master").ShouldBe(0);
            db.Count("SELECT count(*) FROM staging_worker_partition").ShouldBe(0);
        }

        File.Exists(ws.StagingFile(BatchId)).ShouldBeFalse("a staging file was created for a refused plan");
        (await ws.CliAsync("run", "--period", Period, "--workers", "2")).ShouldExitWith(0);
    }

    [Fact]
    public async Task ids_at_the_extremes_of_64_bits_are_named_invalid_records_and_the_run_stores_nothing()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 50, claims: 5);
        using (var db = ws.Open())
        {
            InsertPremium(db, long.MinValue, amountSen: 100_000_000);
            InsertPremium(db, long.MaxValue, amountSen: 100_000_000);
            db.Execute("""
                INSERT INTO claims_transaction (claim_id, policy_id, claim_date, claim_type, claim_amount, status)
                VALUES (0, 77, '2025-01-20', 'DEATH', 500000000, 'APPROVED')
                """);
        }

        var check = (await ws.CliAsync("validate-source", "--period", Period)).ShouldExitWith(2);
        check.Stdout.ShouldContain($"premium txn_id {long.MinValue}: txn_id {long.MinValue} is outside 1..");
        check.Stdout.ShouldContain($"premium txn_id {long.MaxValue}: txn_id {long.MaxValue} is outside 1..");
        check.Stdout.ShouldContain("claim claim_id 0: claim_id 0 is outside 1..");
        check.Stdout.ShouldContain("(rule ID_IN_RANGE)");
        check.Text.ShouldContain("3 invalid source records");

        var run = Json.Parse((await ws.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(2));
        SourceValidationTests.Violations(run.At("invalid_source", "records")).ShouldBe(
        [
            ("PREMIUM", $"premium txn_id {long.MinValue}", "ID_IN_RANGE"),
            ("PREMIUM", $"premium txn_id {long.MaxValue}", "ID_IN_RANGE"),
            ("CLAIM", "claim claim_id 0", "ID_IN_RANGE"),
        ], ignoreOrder: true);
        using var after = ws.Open();
        after.Count("SELECT count(*) FROM staging_month_end_master").ShouldBe(0);
    }

    [Fact]
    public async Task premiums_whose_sum_passes_64_bit_sen_are_refused_naming_the_records_without_an_exception()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 5, claims: 0);
        using (var db = ws.Open())
        {
            // 9,000,000,000,000,000.00 IDR each: every one fits the ledger; ten of them pass 2^63 sen.
            for (var id = 101; id <= 110; id++)
            {
                InsertPremium(db, id, amountSen: 900_000_000_000_000_000);
            }
        }

        var check = (await ws.CliAsync("validate-source", "--period", Period)).ShouldExitWith(2);
        check.Text.ShouldNotContain("Exception");
        for (var id = 102; id <= 110; id++)
        {
            check.Stdout.ShouldContain($"premium txn_id {id}: with this record the premium total");
        }

        check.Stdout.ShouldNotContain("premium txn_id 101:");
        check.Stdout.ShouldContain("(rule TOTAL_FITS_LEDGER)");

        var run = (await ws.CliAsync("run", "--period", Period)).ShouldExitWith(2);
        run.Text.ShouldNotContain("Exception");
        run.Stdout.ShouldContain("premium txn_id 110: with this record the premium total");
        using var after = ws.Open();
        after.Count("SELECT count(*) FROM staging_month_end_master").ShouldBe(0);
    }

    [Fact]
    public async Task premiums_of_ten_to_the_sixteenth_idr_each_are_named_beyond_the_ledger_amount()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 5, claims: 0);
        using (var db = ws.Open())
        {
            for (var id = 101; id <= 110; id++)
            {
                InsertPremium(db, id, amountSen: 1_000_000_000_000_000_000);
            }
        }

        var json = Json.Parse((await ws.CliAsync("validate-source", "--period", Period, "--json")).ShouldExitWith(2));
        json.Long("invalid_record_count").ShouldBe(10);
        SourceValidationTests.Violations(json.At("invalid_records"))
            .ShouldBe(Enumerable.Range(101, 10).Select(id => ("PREMIUM", $"premium txn_id {id}", "AMOUNT_FITS_LEDGER")).ToArray(), ignoreOrder: true);
        var run = (await ws.CliAsync("run", "--period", Period)).ShouldExitWith(2);
        run.Text.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task a_batch_that_would_carry_a_fund_balance_past_the_ledger_amount_exits_64_and_stores_nothing()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 20, claims: 0);
        using (var db = ws.Open())
        {
            // 9,999,999,999,000,000.00 IDR already in Ujroh: this month's fees carry it past NUMERIC(18,2).
            db.Execute("UPDATE fund_balance SET current_balance = 999999999900000000 WHERE fund_type = 'UJROH'");
        }

        var run = (await ws.CliAsync("run", "--period", Period)).ShouldExitWith(64);
        run.Text.ShouldContain("FUND_BALANCE_FITS_LEDGER");
        run.Text.ShouldContain("fund UJROH holds 9,999,999,999,000,000.00 IDR");
        run.Text.ShouldNotContain("Exception");
        var json = Json.Parse((await ws.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(64));
        json.Str("limit", "name").ShouldBe("FUND_BALANCE_FITS_LEDGER");
        using var after = ws.Open();
        after.Count("SELECT count(*) FROM staging_month_end_master").ShouldBe(0);
    }

    /// <summary>A PAID premium of HYBRID-LIFE-001 (40/40/20) in the period; amounts in sen.</summary>
    private static void InsertPremium(Microsoft.Data.Sqlite.SqliteConnection db, long id, long amountSen)
    {
        var tabarru = amountSen / 100 * 40;
        db.Execute("""
            INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                                             product_code, plan_code, payment_method, status)
            VALUES (@id, 77, '2025-01-15', '2025-01-16', @amount, @tabarru, @tabarru, @ujroh, 'HYBRID-LIFE-001', 'PLAN-A', 'TRANSFER', 'PAID')
            """, new { id, amount = amountSen, tabarru, ujroh = amountSen - (2 * tabarru) });
    }
}
