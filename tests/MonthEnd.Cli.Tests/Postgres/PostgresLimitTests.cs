using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>The same limits on PostgreSQL: ids at the extremes and sums past 64-bit sen are named invalid records; nothing is stored.</summary>
[Collection(PgReferenceGroup.Name)]
public sealed class PostgresLimitTests
{
    private const string Period = PgDatabase.Period;

    [Fact]
    public async Task ids_at_the_extremes_of_64_bits_are_named_invalid_records_on_postgresql()
    {
        await using var db = await PgDatabase.CreateAsync();
        await db.InitAndGenerateAsync(premiums: 50, claims: 5, seed: 3);
        await InsertPremiumAsync(db, long.MinValue, 1_000_000m);
        await InsertPremiumAsync(db, long.MaxValue, 1_000_000m);

        var check = (await db.CliAsync("validate-source", "--period", Period)).ShouldExitWith(2);
        check.Stdout.ShouldContain($"premium txn_id {long.MinValue}: txn_id {long.MinValue} is outside 1..");
        check.Stdout.ShouldContain($"premium txn_id {long.MaxValue}: txn_id {long.MaxValue} is outside 1..");

        var run = Json.Parse((await db.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(2));
        SourceValidationTests.Violations(run.At("invalid_source", "records")).ShouldBe(
            [("PREMIUM", $"premium txn_id {long.MinValue}", "ID_IN_RANGE"), ("PREMIUM", $"premium txn_id {long.MaxValue}", "ID_IN_RANGE")],
            ignoreOrder: true);
        (await db.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(0);
    }

    [Fact]
    public async Task premiums_whose_sum_passes_64_bit_sen_are_refused_naming_the_records_on_postgresql()
    {
        await using var db = await PgDatabase.CreateAsync();
        await db.InitAndGenerateAsync(premiums: 5, claims: 0, seed: 3);
        for (var id = 101; id <= 110; id++)
        {
            // The most NUMERIC(18,2) holds is 9,999,999,999,999,999.99: each fits, ten pass 2^63 sen.
            await InsertPremiumAsync(db, id, 9_000_000_000_000_000m);
        }

        var check = (await db.CliAsync("validate-source", "--period", Period)).ShouldExitWith(2);
        check.Text.ShouldNotContain("Exception");
        check.Stdout.ShouldContain("premium txn_id 110: with this record the premium total");
        check.Stdout.ShouldContain("(rule TOTAL_FITS_LEDGER)");

        var run = (await db.CliAsync("run", "--period", Period)).ShouldExitWith(2);
        run.Text.ShouldNotContain("Exception");
        run.Stdout.ShouldContain("premium txn_id 102: with this record the premium total");
        (await db.CountAsync("SELECT count(*) FROM staging_month_end_master")).ShouldBe(0);
    }

    /// <summary>A PAID premium of HYBRID-LIFE-001 (40/40/20) in the period; amounts in IDR.</summary>
    private static Task<int> InsertPremiumAsync(PgDatabase db, long id, decimal amount) => db.ExecuteAsync("""
        INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount, fund_tabarru, fund_tanahud, fund_ujroh,
                                         product_code, plan_code, payment_method, status)
        VALUES (@id, 77, DATE '2025-01-15', DATE '2025-01-16', @amount, @part, @part, @ujroh, 'HYBRID-LIFE-001', 'PLAN-A', 'TRANSFER', 'PAID')
        """, new { id, amount, part = amount * 0.4m, ujroh = amount - (2 * amount * 0.4m) });
}
