using System.Text.Json;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

public sealed class SourceValidationTests
{
    private const string Period = "2025-01";
    private const string BatchId = "2025-01-MONTHEND";

    [Fact]
    public async Task validate_source_exits_0_on_clean_data_and_2_naming_every_bad_record_with_its_rule()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 200, claims: 20);

        (await ws.CliAsync("validate-source", "--period", Period)).ShouldExitWith(0).Text.ShouldContain("source is valid");
        var cleanJson = Json.Parse((await ws.CliAsync("validate-source", "--period", Period, "--json")).ShouldExitWith(0));
        cleanJson.At("valid").GetBoolean().ShouldBeTrue();
        cleanJson.Long("violation_count").ShouldBe(0);
        cleanJson.Long("premiums_to_post").ShouldBe(200);
        cleanJson.Long("claims_to_post").ShouldBe(20);

        BadSource.Insert(ws);

        var text = (await ws.CliAsync("validate-source", "--period", Period)).ShouldExitWith(2);
        var lines = text.Stdout.Split('\n');
        foreach (var (_, record, rule) in BadSource.Expected)
        {
            lines.ShouldContain(l => Names(l, record) && l.Contains($"(rule {rule})"), $"a line naming {record} and rule {rule}\n{text}");
        }

        text.Text.ShouldContain("5 invalid source records");

        var json = Json.Parse((await ws.CliAsync("validate-source", "--period", Period, "--json")).ShouldExitWith(2));
        json.At("valid").GetBoolean().ShouldBeFalse();
        json.Long("violation_count").ShouldBe(BadSource.Expected.Length);
        json.Long("invalid_record_count").ShouldBe(BadSource.Expected.Length);
        Violations(json.At("invalid_records")).ShouldBe(BadSource.Expected, ignoreOrder: true);
        json.At("invalid_records").EnumerateArray().SelectMany(r => r.At("findings").EnumerateArray())
            .Single(v => v.Str("rule") == "REQUIRED_FIELD").Str("message").ShouldContain("product_code");
    }

    [Fact]
    public async Task run_on_invalid_source_exits_2_names_the_records_and_leaves_nothing_behind()
    {
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync(Period, premiums: 300, claims: 30);
        BadSource.Insert(ws);

        var run = (await ws.CliAsync("run", "--period", Period)).ShouldExitWith(2);
        foreach (var (_, record, rule) in BadSource.Expected)
        {
            run.Stdout.Split('\n').ShouldContain(l => Names(l, record) && l.Contains($"(rule {rule})"), $"{record} / {rule}\n{run}");
        }

        run.Text.ShouldContain("nothing was staged");

        var json = Json.Parse((await ws.CliAsync("run", "--period", Period, "--json")).ShouldExitWith(2));
        json.Str("result").ShouldBe("INVALIDSOURCE");
        json.Long("invalid_source", "invalid_record_count").ShouldBe(BadSource.Expected.Length);
        Violations(json.At("invalid_source", "records")).ShouldBe(BadSource.Expected, ignoreOrder: true);

        using var db = ws.Open();
        db.Count("SELECT count(*) FROM staging_month_end_master").ShouldBe(0, "batches recorded");
        db.Count("SELECT count(*) FROM staging_worker_partition").ShouldBe(0, "partitions recorded");
        db.ShouldBeUntouchedByBatches();
        File.Exists(ws.StagingFile(BatchId)).ShouldBeFalse("a staging file was created for a refused batch");
    }

    /// <summary>Each (source, record, rule) of the per-record list --json gives.</summary>
    internal static (string Source, string Record, string Rule)[] Violations(JsonElement records) =>
        records.EnumerateArray()
            .SelectMany(r => r.At("rules").EnumerateArray().Select(rule => (r.Str("source"), r.Str("record"), rule.GetString()!)))
            .ToArray();

    /// <summary>A finding's line names the record, then whose it is when the row says (generated rows do: "… (holder ****1234, account ****5678):").</summary>
    private static bool Names(string line, string record) => line.Contains(record + ":") || line.Contains(record + " (holder ");
}
