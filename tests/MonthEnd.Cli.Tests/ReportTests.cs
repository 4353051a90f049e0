using System.Text.Json;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>monthend report through the real executable: wiring, --out, standard output, refusals and exit codes.</summary>
public sealed class ReportTests
{
    private const string BatchId = "2025-01-MONTHEND";
    private const string FinancePassword = "finance viewer password";
    private static readonly Dictionary<string, string?> Finance = new() { ["MONTHEND_USER"] = "fin", ["MONTHEND_PASSWORD"] = FinancePassword };

    [Fact]
    public async Task a_finance_viewer_writes_reports_to_out_and_standard_output_and_others_are_refused_with_their_exit_codes()
    {
        using var ws = await CommittedAsync();
        var file = Path.Combine(ws.Directory, "reports", "batch.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var refusedFile = Path.Combine(ws.Directory, "cfo.html");

        var written = (await ws.CliWithAsync(Finance, "report", "--batch-id", BatchId, "--kind", "batch", "--format", "xlsx", "--out", file)).ShouldExitWith(0);
        var json = (await ws.CliWithAsync(Finance, "report", "--batch-id", BatchId, "--kind", "trial-balance", "--format", "json")).ShouldExitWith(0);
        var denied = (await ws.CliAsync("report", "--batch-id", BatchId, "--kind", "cfo", "--out", refusedFile)).ShouldExitWith(7);
        (await ws.CliWithAsync(Finance, "report", "--batch-id", "2031-12-MONTHEND", "--kind", "cfo", "--out", refusedFile)).ShouldExitWith(4);
        (await ws.CliWithAsync(Finance, "report", "--batch-id", BatchId, "--kind", "profit", "--out", refusedFile)).ShouldExitWith(64);
        (await ws.CliWithAsync(Finance, "report", "--batch-id", BatchId, "--kind", "cfo", "--out", ws.Directory)).ShouldExitWith(64);

        written.Stdout.ShouldContain("batch.xlsx");
        using (var workbook = SpreadsheetDocument.Open(file, false))
        {
            workbook.WorkbookPart!.Workbook.Sheets!.ChildElements.Count.ShouldBe(6);
        }

        Directory.GetFiles(Path.GetDirectoryName(file)!).ShouldBe([file], "no temporary file is left");
        var trial = JsonDocument.Parse(json.Stdout).RootElement;
        trial.GetProperty("balanced").GetBoolean().ShouldBeTrue();
        denied.Stderr.ShouldContain("download_batch_reports");
        File.Exists(refusedFile).ShouldBeFalse();
        using var db = ws.Open(readOnly: true);
        var sen = db.ExecuteScalar<long>("SELECT sum(debit_amount) FROM journal_entry_line");
        decimal.Parse(trial.GetProperty("debit").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(sen / 100m);
        db.Query<(string, string)>("SELECT performed_by, status FROM audit_batch_operations WHERE operation = 'REPORT_DOWNLOADED' ORDER BY audit_id")
            .ShouldBe([("fin", "SUCCESS"), ("fin", "SUCCESS"), (TestIdentity.Admin, "FAILED"), ("fin", "FAILED")]);
    }

    [Fact]
    public async Task a_trial_balance_that_does_not_balance_is_written_with_a_warning_and_exit_3()
    {
        using var ws = await CommittedAsync();
        using (var db = ws.Open())
        {
            db.Execute("UPDATE journal_entry_line SET credit_amount = credit_amount + 7 WHERE je_id = 1 AND line_number = 2");
        }

        var csv = Path.Combine(ws.Directory, "tb.csv");
        var unbalanced = (await ws.CliWithAsync(Finance, "report", "--batch-id", BatchId, "--kind", "trial-balance", "--format", "csv", "--out", csv)).ShouldExitWith(3);

        unbalanced.Stderr.ShouldContain("does not balance");
        File.ReadAllText(csv).ShouldContain("balanced,NO: debits and credits differ");
    }

    private static async Task<Workspace> CommittedAsync()
    {
        var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 40, claims: 4);
        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        (await ws.CliWithAsync(new Dictionary<string, string?> { ["MONTHEND_NEW_PASSWORD"] = FinancePassword }, "user", "add", "fin", "--role", "finance_viewer"))
            .ShouldExitWith(0);
        return ws;
    }
}
