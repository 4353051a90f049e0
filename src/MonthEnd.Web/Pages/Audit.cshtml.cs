using Microsoft.AspNetCore.Mvc;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;
using MonthEnd.Web.Api;

namespace MonthEnd.Web.Pages;

/// <summary>The audit trail for auditors: rows filtered by date and batch (each read is itself audited), and the verify result.</summary>
public sealed class AuditModel(AuditOperations audit) : MonthEndPage
{
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Batch { get; set; }

    public IReadOnlyList<AuditRowView> Rows { get; private set; } = [];

    public AuditVerifyView? Verified { get; private set; }

    public async Task OnGetAsync()
    {
        if (!May(Permission.ViewAuditTrail))
        {
            return;
        }

        var query = Filter();
        Rows = [.. (await audit.ReadAsync(Caller, query, Aborted)).Select(AuditRowView.Of)];
    }

    /// <summary>
    /// The filtered rows as a file (csv or json), exactly as `monthend audit export` writes them, for
    /// export_audit_logs; the export is itself audited by the operations layer.
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync(string? format)
    {
        var csv = format is null or "csv";
        if (!csv && format != "json")
        {
            throw new InvalidArgumentException("format", "the export is csv or json");
        }

        var query = Filter();
        var rows = await audit.ExportAsync(Caller, query, Aborted);
        var name = $"monthend-audit-{DateTime.UtcNow:yyyyMMddTHHmmss}Z.{(csv ? "csv" : "json")}";
        if (!csv)
        {
            return File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { rows = rows.Select(AuditExport.View) }), "application/json", name);
        }

        await using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        await AuditExport.WriteCsvAsync(text, rows);
        return File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", name);
    }

    /// <summary>The rows the form's fields ask for: read on the page and exported alike.</summary>
    private AuditQuery Filter() =>
        new(ApiInputs.OptionalDate(From, "from"), ApiInputs.OptionalDate(To, "to"), string.IsNullOrWhiteSpace(Batch) ? null : Arguments.BatchId(Batch));

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verified = AuditVerifyView.Of(await audit.VerifyAsync(Caller, null, Aborted));
        await OnGetAsync();
        return Page();
    }
}
