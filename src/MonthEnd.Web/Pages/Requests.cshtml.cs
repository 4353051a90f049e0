using Microsoft.AspNetCore.Mvc;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;

namespace MonthEnd.Web.Pages;

/// <summary>Four-eyes: the requests to decide (approve_request), and the forms that make the two requests a batch can be the subject of.</summary>
public sealed class RequestsModel(ApprovalOperations approvals, RollbackOperations rollbacks, ReversalOperations reversals) : MonthEndPage
{
    public IReadOnlyList<ApprovalRequest> Requests { get; private set; } = [];

    [BindProperty]
    public string? BatchId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public bool ResetSource { get; set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync()
    {
        if (May(Permission.ApproveRequest))
        {
            Requests = await approvals.ListAsync(Caller, null, Aborted);
        }
    }

    public async Task<IActionResult> OnPostApproveAsync(long requestId)
    {
        var done = await approvals.ApproveAsync(Caller, requestId, Aborted);
        return await ShowAsync($"request {done.RequestId} {done.Status.ToString().ToUpperInvariant()}: {done.Outcome}");
    }

    public async Task<IActionResult> OnPostRejectAsync(long requestId)
    {
        var done = await approvals.RejectAsync(Caller, requestId, Reason, Aborted);
        return await ShowAsync($"request {done.RequestId} {done.Status.ToString().ToUpperInvariant()}");
    }

    public async Task<IActionResult> OnPostRollbackAsync()
    {
        var result = await rollbacks.RollbackAsync(Caller, BatchId, Reason, confirm: true, Aborted);
        return await ShowAsync(result.Request is { } r
            ? $"request {r.RequestId} waits for a second batch_admin"
            : $"batch {result.RolledBack!.BatchId} is {result.RolledBack.Status.ToString().ToUpperInvariant()}");
    }

    public async Task<IActionResult> OnPostReverseAsync()
    {
        var request = await reversals.RequestAsync(Caller, BatchId, Date, ResetSource, Reason, Aborted);
        return await ShowAsync($"request {request.RequestId} waits for a second batch_admin");
    }

    private async Task<IActionResult> ShowAsync(string message)
    {
        Message = message;
        await OnGetAsync();
        return Page();
    }
}
