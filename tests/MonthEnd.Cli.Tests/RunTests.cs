using System.Globalization;
using System.Text.Json;
using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

public sealed class RunTests
{
    private const string Period = "2025-01";
    private const string BatchId = "2025-01-MONTHEND";

    [Fact]
    public async Task run_json_commits_a_balanced_gap_free_ledger_whose_fund_movements_match_the_source()
    {
        const long premiums = 3_000, claims = 300;
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums, claims, seed: 11);

        var result = (await ws.CliAsync("run", "--period", Period, "--workers", "2", "--chunk-size", "500", "--json")).ShouldExitWith(0);

        var json = Json.Parse(result);
        json.Str("result").ShouldBe("COMMITTED");
        json.Str("batch", "batch_id").ShouldBe(BatchId);
        json.Str("batch", "status").ShouldBe("COMMITTED");
        json.Long("ledger", "entries").ShouldBe((3 * premiums) + claims);
        json.Long("ledger", "lines").ShouldBe(2 * ((3 * premiums) + claims));
        json.Str("ledger", "total_debit").ShouldBe(json.Str("ledger", "total_credit"));

        using var db = ws.Open();
        db.ShouldHaveConsistentLedger((3 * premiums) + claims);
        db.Count("SELECT count(*) FROM journal_entry_header WHERE batch_id <> @BatchId", new { BatchId }).ShouldBe(0);

        var expected = db.ExpectedFundMovements(Period);
        expected.Values.ShouldAllBe(v => v != 0, "the generated data moves every fund");
        db.FundBalances().ShouldBe(expected, ignoreOrder: true);
        Sen(json.At("fund_balances")).ShouldBe(expected, ignoreOrder: true);
        db.QuerySingle<(long Tabarru, long Tanahud, long Ujroh)>("""
            SELECT sum(CASE WHEN fund_type = 'TABARRU' THEN credit_amount - debit_amount ELSE 0 END),
                   sum(CASE WHEN fund_type = 'TANAHUD' THEN credit_amount - debit_amount ELSE 0 END),
                   sum(CASE WHEN fund_type = 'UJROH' THEN credit_amount - debit_amount ELSE 0 END)
            FROM journal_entry_line
            """).ShouldBe((expected["TABARRU"], expected["TANAHUD"], expected["UJROH"]), "fund net change of the ledger lines");

        db.Count("SELECT count(*) FROM premium_transaction WHERE batch_processed = 1 AND batch_id = @BatchId", new { BatchId }).ShouldBe(premiums);
        db.Count("SELECT count(*) FROM claims_transaction WHERE batch_processed = 1 AND batch_id = @BatchId", new { BatchId }).ShouldBe(claims);
        db.Count("SELECT count(*) FROM premium_transaction WHERE batch_processed = 0").ShouldBe(0);
        db.Count("SELECT count(*) FROM claims_transaction WHERE batch_processed = 0").ShouldBe(0);

        File.Exists(ws.StagingFile(BatchId)).ShouldBeFalse("the staging file should have moved to the archive");
        File.Exists(ws.ArchiveFile(BatchId)).ShouldBeTrue("the archived staging file");
        json.Str("batch", "archive_location").ShouldBe(ws.ArchiveFile(BatchId));
        using var archive = Workspace.OpenFile(ws.ArchiveFile(BatchId), readOnly: true);
        archive.Count("SELECT count(*) FROM staging_je_header").ShouldBe((3 * premiums) + claims, "entries in the archived staging");
    }

    [Fact]
    public async Task run_for_a_committed_period_exits_4_saying_already_committed_and_status_shows_it_committed()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 500, claims: 50);
        (await ws.CliAsync("run", "--period", Period)).ShouldExitWith(0);

        var again = (await ws.CliAsync("run", "--period", Period)).ShouldExitWith(4);
        again.Text.ShouldContain($"period {Period} is already committed");
        again.Text.ShouldContain(BatchId);
        var againJson = Json.Parse((await ws.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(4));
        againJson.Str("result").ShouldBe("REFUSED");
        againJson.Str("message").ShouldContain("already committed");
        (await ws.CliAsync("run", "--period", Period, "--batch-id", BatchId)).ShouldExitWith(4).Text.ShouldContain("already committed");

        var status = await ws.StatusAsync(BatchId);
        status.Str("batch", "status").ShouldBe("COMMITTED");
        status.Long("batch", "actual_je_count").ShouldBe(1_550);
        status.Long("ledger", "entries").ShouldBe(1_550);
        var list = Json.Parse((await ws.CliAsync("status", "--json")).ShouldExitWith(0));
        list.At("batches").EnumerateArray().Select(b => (b.Str("batch_id"), b.Str("status"))).ShouldBe([(BatchId, "COMMITTED")]);

        using var db = ws.Open();
        db.ShouldHaveConsistentLedger(1_550);
        db.Count("SELECT count(*) FROM staging_month_end_master").ShouldBe(1, "the refused runs recorded no batch");
    }

    [Fact]
    public async Task a_second_period_continues_the_je_numbers_without_a_gap()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 400, claims: 40, seed: 1);
        (await ws.CliAsync("generate", "--period", "2025-02", "--premiums", "300", "--claims", "30", "--seed", "2")).ShouldExitWith(0);

        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        (await ws.CliAsync("run", "--period", "2025-02", "--workers", "2", "--chunk-size", "100")).ShouldExitWith(0);

        using var db = ws.Open();
        var ranges = db.Query<(string BatchId, long First, long Last, long Count)>("""
            SELECT batch_id, min(je_number), max(je_number), count(*) FROM journal_entry_header GROUP BY batch_id ORDER BY min(je_number)
            """).ToList();
        ranges.Select(r => r.BatchId).ShouldBe(["2025-01-MONTHEND", "2025-02-MONTHEND"]);
        ranges[0].ShouldBe(("2025-01-MONTHEND", 1L, 1_240L, 1_240L));
        ranges[1].First.ShouldBe(ranges[0].Last + 1, "the second batch starts right after the first");
        ranges[1].ShouldBe(("2025-02-MONTHEND", 1_241L, 2_170L, 930L));
        db.ShouldHaveConsistentLedger(2_170);
        db.Query<(long Start, long End)>("SELECT sequence_start, sequence_end FROM staging_month_end_master ORDER BY sequence_start")
            .ShouldBe([(1L, 1_240L), (1_241L, 2_170L)]);

        var january = db.ExpectedFundMovements("2025-01");
        var february = db.ExpectedFundMovements("2025-02");
        db.FundBalances().ShouldBe(january.ToDictionary(f => f.Key, f => f.Value + february[f.Key]), ignoreOrder: true);
    }

    private static Dictionary<string, long> Sen(JsonElement amounts) =>
        amounts.EnumerateObject().ToDictionary(
            p => p.Name,
            p => (long)(decimal.Parse(p.Value.GetString()!, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * 100));
}
