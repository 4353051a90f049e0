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

        var query = new AuditQuery(ApiInputs.OptionalDate(From, "from"), ApiInputs.OptionalDate(To, "to"),
            string.IsNullOrWhiteSpace(Batch) ? null : Arguments.BatchId(Batch));
        Rows = [.. (await audit.ReadAsync(Caller, query, Aborted)).Select(AuditRowView.Of)];
    }

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verified = AuditVerifyView.Of(await audit.VerifyAsync(Caller, null, Aborted));
        await OnGetAsync();
        return Page();
    }
}
