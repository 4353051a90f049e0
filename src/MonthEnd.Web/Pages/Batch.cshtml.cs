using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Reports;
using MonthEnd.Web.Api;
using MonthEnd.Web.Live;

namespace MonthEnd.Web.Pages;

/// <summary>One batch: status, progress, partitions, validation, phase timings; its live numbers as JSON for the page's script; its reports.</summary>
public sealed class BatchModel(BatchOperations batches, BatchFeed feed, ReportOperations reports) : MonthEndPage
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public BatchDetailView View { get; private set; } = null!;

    public async Task OnGetAsync(string id) => View = await LoadAsync(id);

    public async Task<IActionResult> OnGetLiveAsync(string id) => new JsonResult(await LoadAsync(id), Json);

    public async Task<IActionResult> OnGetReportAsync(string id, string? kind, string? format)
    {
        var report = await reports.CreateAsync(Caller, id, ApiInputs.Kind(kind), ApiInputs.Format(format), Aborted);
        return File(report.Content, report.MediaType, report.FileName);
    }

    private async Task<BatchDetailView> LoadAsync(string id)
    {
        return feed.Of(await batches.StatusAsync(Caller, id, Aborted));
    }
}
