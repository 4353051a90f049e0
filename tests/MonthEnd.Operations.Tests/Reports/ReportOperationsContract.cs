using System.Globalization;
using System.Text;
using System.Text.Json;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Reports;
using MonthEnd.Operations.Source;
using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Operations.Tests.Reports;

/// <summary>One committed January batch (50 premiums, 6 claims) on a store, shared by the report tests, which only read it.</summary>
public sealed class CommittedBatch<TTarget> : IAsyncLifetime where TTarget : IStoreTarget, new()
{
    public const string BatchId = "2025-01-MONTHEND";

    public IStoreTarget Target { get; } = new TTarget();

    public OperationsHost Host { get; private set; } = null!;

    public Caller Finance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ct = CancellationToken.None;
        var january = new Period(2025, 1);
        Host = await OperationsHost.StartAsync(Target);
        var admin = await Host.UserAsync("root", Role.BatchAdmin);
        Finance = await Host.UserAsync("fiona", Role.FinanceViewer);
        var rules = RuleSetLoader.LoadDefault();
        await Host.Get<SourceOperations>().GenerateAsync(admin, january, 50, 6, 17, rules, ct);
        var run = await Host.Get<BatchOperations>().RunAsync(admin,
            new RunRequest(january, null, rules, admin.User, new RunSettings { Workers = 2, ChunkSize = 20, PollInterval = TimeSpan.FromMilliseconds(20) }), null, ct);
        run.Outcome.Result.ShouldBe(RunResult.Committed, run.Outcome.Message);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Target.DisposeAsync();
    }
}

/// <summary>
/// Reports of a real committed batch through the operations layer: every format read back and compared,
/// cell by cell, with the JSON model (itself checked against the ledger by the store contract); the
/// download audited; no personal data of the source in any of them.
/// </summary>
public abstract class ReportOperationsContract<TTarget>(CommittedBatch<TTarget> batch) : IClassFixture<CommittedBatch<TTarget>>
    where TTarget : IStoreTarget, new()
{
    private const string BatchId = CommittedBatch<TTarget>.BatchId;
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly IStoreTarget _target = batch.Target;
    private readonly OperationsHost _host = batch.Host;
    private readonly Caller _finance = batch.Finance;

    [Fact]
    public async Task the_batch_report_in_xlsx_csv_and_html_holds_the_json_models_accounts_funds_and_checks()
    {
        var json = await JsonAsync(ReportKind.Batch);
        var sheets = ReadBack.Xlsx((await CreateAsync(ReportKind.Batch, ReportFormat.Xlsx)).Content);
        var csv = ReadBack.CsvSections(Text(await CreateAsync(ReportKind.Batch, ReportFormat.Csv)));

        var accounts = json.GetProperty("accounts").EnumerateArray().Select(a => new[]
        {
            a.GetProperty("account_code").GetString()!, a.GetProperty("account_name").GetString()!, a.GetProperty("fund").GetString() ?? "",
            a.GetProperty("lines").GetInt64().ToString(CultureInfo.InvariantCulture), a.GetProperty("debit").GetString()!, a.GetProperty("credit").GetString()!,
        }).ToList();
        accounts.Select(a => a[0]).ShouldBe(["1101", "2101", "4101", "4201", "4301", .. accounts.Skip(5).Select(a => a[0])]);
        accounts.Count.ShouldBeGreaterThan(5, "a claim account too");
        SheetShouldHold(sheets["accounts"], ["account_code", "account_name", "fund", "lines", "debit", "credit"], accounts, moneyColumns: [4, 5]);
        CsvShouldHold(csv["accounts"], ["account_code", "account_name", "fund", "lines", "debit", "credit"], accounts);
        var funds = json.GetProperty("funds").EnumerateArray().Select(f => new[]
            { f.GetProperty("fund").GetString()!, f.GetProperty("debit").GetString()!, f.GetProperty("credit").GetString()!, f.GetProperty("net").GetString()! }).ToList();
        SheetShouldHold(sheets["funds"], ["fund", "debit", "credit", "net"], funds, moneyColumns: [1, 2, 3]);
        CsvShouldHold(csv["funds"], ["fund", "debit", "credit", "net"], funds);
        var checks = json.GetProperty("validation").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToList();
        checks.ShouldContain("FUND_TOTALS");
        sheets["validation"].Skip(1).Select(r => r[0].Text).ShouldBe(checks);
        json.GetProperty("counts").GetProperty("entries").GetInt64().ShouldBe(json.GetProperty("counts").GetProperty("entries_expected").GetInt64());
        json.GetProperty("timing").GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("phase").GetString())
            .ShouldBe([BatchTiming.Planned, BatchTiming.Staging, BatchTiming.Validation, BatchTiming.Commit, BatchTiming.Archive]);

        var page = ReadBack.Html(Text(await CreateAsync(ReportKind.Batch, ReportFormat.Html)));
        var svg = page.Descendants().Where(e => e.Name.LocalName == "svg").ToList();
        svg.Count.ShouldBe(2, "a chart of the fund movements and one of the phases");
        svg[0].Descendants().Count(e => e.Name.LocalName == "rect").ShouldBe(3);
        page.Descendants().ShouldNotContain(e => e.Name.LocalName == "script" || e.Name.LocalName == "link" || e.Name.LocalName == "img" || e.Name.LocalName == "iframe");
        page.Descendants().SelectMany(e => e.Attributes()).ShouldNotContain(a => a.Name.LocalName == "src" || a.Name.LocalName == "href" || a.Name.LocalName.StartsWith("on"));
        var htmlAccounts = page.Descendants().Single(e => e.Name.LocalName == "table" && (string?)e.Attribute("class") == "accounts")
            .Descendants().Where(e => e.Name.LocalName == "tr").Skip(1).Select(r => r.Elements().Select(c => c.Value).ToList()).ToList();
        htmlAccounts.Select(r => (r[0], r[4].Replace(",", "", StringComparison.Ordinal))).ShouldBe(accounts.Select(a => (a[0], a[4])));
    }

    [Fact]
    public async Task the_trial_balance_in_xlsx_and_csv_holds_every_line_of_the_json_and_balances()
    {
        var json = await JsonAsync(ReportKind.TrialBalance);
        var report = await CreateAsync(ReportKind.TrialBalance, ReportFormat.Xlsx);

        string[] money = ["opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit"];
        var lines = json.GetProperty("lines").EnumerateArray().Select(l => (string[])
            [l.GetProperty("account_code").GetString()!, l.GetProperty("account_name").GetString()!, l.GetProperty("fund").GetString() ?? "",
             .. money.Select(m => l.GetProperty(m).GetString()!)]).ToList();
        lines.Add(["TOTAL", "", "", .. money.Select(m => json.GetProperty(m).GetString()!)]);
        json.GetProperty("balanced").GetBoolean().ShouldBeTrue();
        json.GetProperty("debit").GetString().ShouldBe(json.GetProperty("credit").GetString());
        report.Problem.ShouldBeNull();
        string[] columns = ["account_code", "account_name", "fund", .. money];
        SheetShouldHold(ReadBack.Xlsx(report.Content)["trial_balance"], columns, lines, moneyColumns: [3, 4, 5, 6, 7, 8]);
        CsvShouldHold(ReadBack.CsvSections(Text(await CreateAsync(ReportKind.TrialBalance, ReportFormat.Csv)))["trial_balance"], columns, lines);
    }

    [Fact]
    public async Task the_cfo_summary_moves_each_fund_from_its_opening_to_its_closing_balance_and_has_its_sign_off_lines()
    {
        var json = await JsonAsync(ReportKind.Cfo);
        var balances = await _host.Store.GetFundBalancesAsync(Ct);

        var funds = json.GetProperty("funds").EnumerateArray().ToList();
        funds.Select(f => f.GetProperty("fund").GetString()).ShouldBe(["TABARRU", "TANAHUD", "UJROH"]);
        foreach (var f in funds)
        {
            var closing = Money(f, "closing");
            closing.ShouldBe(Money(f, "opening") + Money(f, "contributions") - Money(f, "claims"));
            closing.ShouldBe(balances[Core.Accounting.Funds.Parse(f.GetProperty("fund").GetString()!)].ToDecimal(), "one batch from zero: the fund balance is its closing");
        }

        json.GetProperty("validation").GetProperty("all_passed").GetBoolean().ShouldBeTrue();
        json.GetProperty("premiums").GetProperty("count").GetInt64().ShouldBe(50);
        var sheets = ReadBack.Xlsx((await CreateAsync(ReportKind.Cfo, ReportFormat.Xlsx)).Content);
        sheets["sign_off"].Skip(1).Select(r => r[0].Text).ShouldBe(CfoSummary.SignOffLines);
        string[] amounts = ["opening", "contributions", "claims", "movement", "closing", "balance_now"];
        SheetShouldHold(sheets["funds"], ["fund", "opening", "contributions", "claims", "movement", "closing", "fund_balance_now"],
            [.. funds.Select(f => (string[])[f.GetProperty("fund").GetString()!, .. amounts.Select(p => f.GetProperty(p).GetString()!)])],
            moneyColumns: [1, 2, 3, 4, 5, 6]);
        ReadBack.Html(Text(await CreateAsync(ReportKind.Cfo, ReportFormat.Html))).Descendants().Count(e => e.Name.LocalName == "svg").ShouldBe(1);
    }

    [Fact]
    public async Task a_download_is_audited_and_a_role_without_download_batch_reports_is_refused()
    {
        var admin = await _host.UserAsync("adam-" + Guid.NewGuid().ToString("N")[..8], Role.BatchAdmin, Role.Auditor);
        var head = (await _host.Get<IAuditStore>().AuditHeadAsync(Ct))!.AuditId;

        await CreateAsync(ReportKind.Cfo, ReportFormat.Csv);
        var denied = await Should.ThrowAsync<AccessDeniedException>(() =>
            _host.Get<ReportOperations>().CreateAsync(admin, BatchId, ReportKind.Batch, ReportFormat.Html, Ct));

        denied.Permission.ShouldBe(Permission.DownloadBatchReports);
        var rows = await _host.Get<IAuditStore>().ReadAuditAsync(new AuditQuery(AfterId: head), Ct).ToListAsync(Ct);
        rows.Select(r => (r.Draft.Operation, r.Draft.PerformedBy, r.Draft.Status, r.Draft.BatchId))
            .ShouldBe([("REPORT_DOWNLOADED", "fiona", AuditStatus.Success, BatchId), ("REPORT_DOWNLOADED", admin.User, AuditStatus.Failed, BatchId)]);
        rows[0].Draft.Details.ShouldContain("\"cfo\"");
        await Should.ThrowAsync<InvalidArgumentException>(() => _host.Get<ReportOperations>().CreateAsync(_finance, "x'; DROP TABLE", ReportKind.Batch, ReportFormat.Json, Ct));
        await Should.ThrowAsync<OperationRefusedException>(() => _host.Get<ReportOperations>().CreateAsync(_finance, "2031-01-MONTHEND", ReportKind.Batch, ReportFormat.Json, Ct));
    }

    [Fact]
    public async Task no_report_in_any_format_carries_the_sources_account_numbers_or_holder_ids()
    {
        var personal = (await _target.RowsAsync("SELECT account_number, policy_holder_id FROM premium_transaction UNION ALL SELECT account_number, policy_holder_id FROM claims_transaction"))
            .SelectMany(r => r).OfType<string>().Distinct().ToList();
        personal.Count.ShouldBeGreaterThan(10, "the generator fills them");

        foreach (var kind in Enum.GetValues<ReportKind>())
        {
            foreach (var format in Enum.GetValues<ReportFormat>())
            {
                var report = await CreateAsync(kind, format);
                var text = format == ReportFormat.Xlsx
                    ? string.Concat(ReadBack.Xlsx(report.Content).Values.SelectMany(s => s).SelectMany(r => r).Select(c => c.Stored + "\n"))
                    : Text(report);
                personal.ShouldAllBe(p => !text.Contains(p, StringComparison.Ordinal), $"{kind} {format}");
            }
        }
    }

    private Task<RenderedReport> CreateAsync(ReportKind kind, ReportFormat format) => _host.Get<ReportOperations>().CreateAsync(_finance, BatchId, kind, format, Ct);

    private async Task<JsonElement> JsonAsync(ReportKind kind) => JsonDocument.Parse((await CreateAsync(kind, ReportFormat.Json)).Content).RootElement;

    private static string Text(RenderedReport report) => Encoding.UTF8.GetString(report.Content);

    private static decimal Money(JsonElement element, string property) => decimal.Parse(element.GetProperty(property).GetString()!, CultureInfo.InvariantCulture);

    /// <summary>The sheet's header row, then each row as the JSON gives it: text as text, money as a number Excel shows as the same amount, in the money format.</summary>
    private static void SheetShouldHold(List<List<SheetCell>> sheet, string[] columns, List<string[]> rows, int[] moneyColumns)
    {
        sheet[0].Select(c => c.Text).ShouldBe(columns);
        sheet.Count.ShouldBe(rows.Count + 1);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var cell = sheet[r + 1][c];
                var expected = rows[r][c];
                if (moneyColumns.Contains(c))
                {
                    cell.Number.ShouldNotBeNull($"{cell.Reference} is a number");
                    ReadBack.AsExcelShowsIt(cell.Number!.Value).ShouldBe(decimal.Parse(expected, CultureInfo.InvariantCulture), cell.Reference);
                    cell.Stored.ShouldBe(expected, $"{cell.Reference} holds the exact decimal");
                    cell.Style.ShouldBe(1u, $"{cell.Reference} has the money format");
                }
                else
                {
                    (cell.Text ?? cell.Stored).ShouldBe(expected, cell.Reference);
                }
            }
        }
    }

    private static void CsvShouldHold(List<List<string>> section, string[] columns, List<string[]> rows)
    {
        section[0].ShouldBe(columns);
        section.Skip(1).Select(r => string.Join('|', r)).ShouldBe(rows.Select(r => string.Join('|', r)));
    }
}
