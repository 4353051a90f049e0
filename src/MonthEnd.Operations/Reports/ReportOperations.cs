using System.Text;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Reports;

/// <summary>A report written in its format, with what a host needs to save or send it.</summary>
/// <param name="Problem">Set when the report shows something wrong (a trial balance whose debits and credits differ); the report is written all the same.</param>
public sealed record RenderedReport(string BatchId, ReportKind Kind, ReportFormat Format, string FileName, string MediaType, byte[] Content, object Model, string? Problem);

/// <summary>
/// The reports family (download_batch_reports): the batch report, the CFO summary and the trial balance
/// of a batch's period, read from the ledger (<see cref="ILedgerReports"/>) and the batch's own rows.
/// A download is audited (REPORT_DOWNLOADED, with the kind and format) like every export. Reports hold
/// sums, counts and times only: no source record, so no personal data.
/// </summary>
public sealed class ReportOperations(IMonthEndStore store, ILedgerReports ledger, OperationGate gate, TimeProvider clock)
{
    public Task<RenderedReport> CreateAsync(Caller caller, string? batchId, ReportKind kind, ReportFormat format, CancellationToken ct)
    {
        var id = Arguments.BatchId(batchId);
        return gate.ReadAsync(caller, Permission.DownloadBatchReports, "REPORT_DOWNLOADED", id, new { kind = kind.Code(), format = format.Code() },
            sensitive: true, async c =>
            {
                var batch = await store.FindBatchAsync(id, c) ?? throw new NotFoundException($"no batch {id}");
                var (model, document, problem) = await BuildAsync(caller, batch, kind, c);
                return new RenderedReport(batch.BatchId, kind, format, $"{batch.BatchId}-{kind.Code()}.{format.Code()}", MediaType(format),
                    Render(model, document, format), model, problem);
            }, ct);
    }

    private async Task<(object Model, ReportDocument Document, string? Problem)> BuildAsync(Caller caller, BatchRecord batch, ReportKind kind, CancellationToken ct)
    {
        var chart = (await store.LoadRuleSetAsync(batch.RuleSetId, ct)).Chart;
        var header = ReportHeader.Of($"Batch report {batch.BatchId}", batch, clock.GetUtcNow(), caller.User);
        if (kind == ReportKind.TrialBalance)
        {
            var trial = TrialBalance.Build(header, batch.Period, await ledger.ReadTrialBalanceAsync(batch.Period, ct), chart);
            return (trial, ReportLayout.Of(trial), trial.Balanced ? null
                : $"the trial balance of {batch.Period} does not balance: debits {trial.Debit} against credits {trial.Credit}, " +
                  $"closing debits {trial.ClosingDebit} against credits {trial.ClosingCredit}");
        }

        var lines = await ledger.ReadBatchLedgerAsync(batch, ct);
        var report = BatchReport.Build(header, batch, lines, chart,
            await store.GetValidationResultsAsync(batch.BatchId, ct), BatchTiming.Of(await store.GetEventsAsync(batch.BatchId, ct)));
        if (kind == ReportKind.Batch)
        {
            return (report, ReportLayout.Of(report), null);
        }

        var summary = CfoSummary.Build(report, lines, await store.GetFundBalancesAsync(ct));
        return (summary, ReportLayout.Of(summary), null);
    }

    private static byte[] Render(object model, ReportDocument document, ReportFormat format) => format switch
    {
        ReportFormat.Json => ReportJson.Write(model),
        ReportFormat.Csv => Encoding.UTF8.GetBytes(CsvReport.Write(document)),
        ReportFormat.Html => Encoding.UTF8.GetBytes(HtmlReport.Write(document)),
        ReportFormat.Xlsx => XlsxReport.Write(document),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };

    private static string MediaType(ReportFormat format) => format switch
    {
        ReportFormat.Json => "application/json",
        ReportFormat.Csv => "text/csv; charset=utf-8",
        ReportFormat.Html => "text/html; charset=utf-8",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
}
