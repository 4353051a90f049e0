using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MonthEnd.Core.Approvals;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;
using MonthEnd.Operations.Batches;
using MonthEnd.Web.Identity;

namespace MonthEnd.Web.Api;

/// <summary>Four-eyes over the API: the requests, approve and reject, and the two requests a batch can be the subject of (rollback, reversal).</summary>
public static class ApprovalApi
{
    public static void MapApprovalApi(this RouteGroupBuilder api)
    {
        var requests = api.MapGroup("/requests").WithTags("requests");
        requests.MapGet("/", ListAsync).WithSummary("Four-eyes requests (approve_request); filter by status");
        requests.MapPost("/{id:long}/approve", async (HttpContext http, long id, ApprovalOperations ops) =>
            Results.Ok(View(await ops.ApproveAsync(http.ApiCaller(), id, http.RequestAborted)))).WithSummary("Approve (and so execute) another admin's request");
        requests.MapPost("/{id:long}/reject", async (HttpContext http, long id, ReasonBody body, ApprovalOperations ops) =>
            Results.Ok(View(await ops.RejectAsync(http.ApiCaller(), id, body.Reason, http.RequestAborted)))).WithSummary("Reject a request, with a reason");

        var batches = api.MapGroup("/batches").WithTags("batches");
        batches.MapPost("/{id}/rollback", RollbackAsync).WithSummary("Roll back a batch (rollback_batch): at once when uncommitted; a committed one with confirm, as a four-eyes request");
        batches.MapPost("/{id}/reverse", async (HttpContext http, string id, ReverseBody body, ReversalOperations ops) =>
            Results.Accepted(null as string, View(await ops.RequestAsync(http.ApiCaller(), id, body.Date, body.ResetSource, body.Reason, http.RequestAborted))))
            .WithSummary("Ask for a committed batch to be reversed by compensating entries (reverse_batch, four-eyes)");
    }

    public static object View(ApprovalRequest r) => new
    {
        request_id = r.RequestId,
        operation = r.Operation,
        subject = r.Subject,
        reason = r.Reason,
        requested_by = r.RequestedBy,
        requested_at = r.RequestedAt,
        expires_at = r.ExpiresAt,
        status = r.Status.ToString().ToUpperInvariant(),
        decided_by = r.DecidedBy,
        decided_at = r.DecidedAt,
        outcome = r.Outcome,
    };

    private static async Task<IResult> ListAsync(HttpContext http, string? status, ApprovalOperations ops)
    {
        ApprovalStatus? wanted = string.IsNullOrWhiteSpace(status) ? null
            : Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new Operations.Access.InvalidArgumentException("status", $"{Core.Text.Shown.Quote(status)} is not a request status: {string.Join(", ", Enum.GetNames<ApprovalStatus>()).ToLowerInvariant()}");
        return Results.Ok(new { requests = (await ops.ListAsync(http.ApiCaller(), wanted, http.RequestAborted)).Select(View) });
    }

    private static async Task<IResult> RollbackAsync(HttpContext http, string id, RollbackBody body, RollbackOperations ops)
    {
        var result = await ops.RollbackAsync(http.ApiCaller(), id, body.Reason, body.Confirm, http.RequestAborted);
        return result.Request is { } request
            ? Results.Accepted(null as string, new { request = View(request) })
            : Results.Ok(new { batch = BatchView.Of(result.RolledBack!) });
    }
}
