using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Operations.Periods;
using MonthEnd.Web.Identity;

namespace MonthEnd.Web.Api;

/// <summary>Periods, dry runs and the audit trail over the API.</summary>
public static class RecordsApi
{
    public static void MapRecordsApi(this RouteGroupBuilder api)
    {
        var periods = api.MapGroup("/periods").WithTags("periods");
        periods.MapGet("/", PeriodsAsync).WithSummary("Accounting periods with their state and batches (view_all_batches)");
        periods.MapGet("/{period}/dry-run", DryRunAsync).WithSummary("The period's last dry run and its recommendation (view_batch_status)");

        var audit = api.MapGroup("/audit").WithTags("audit");
        audit.MapGet("/", TrailAsync).WithSummary("The audit trail (view_audit_trail); from and to as YYYY-MM-DD (to exclusive), batch_id");
        audit.MapPost("/verify", VerifyAsync).WithSummary("Verify the trail's chain and every sealed batch's ledger (verify_audit)");
    }

    private static async Task<IResult> PeriodsAsync(HttpContext http, PeriodOperations ops)
    {
        var periods = await ops.ListAsync(http.ApiCaller(), http.RequestAborted);
        return Results.Ok(new
        {
            periods = periods.Select(p => new
            {
                period = p.Period.Period.ToString(),
                status = p.Period.Status.ToString().ToUpperInvariant(),
                changed_at = p.Period.ChangedAt,
                changed_by = p.Period.ChangedBy,
                reason = p.Period.Reason,
                batches = p.Batches.Select(b => new { batch_id = b.BatchId, status = b.Status.Code() }),
            }),
        });
    }

    private static async Task<IResult> DryRunAsync(HttpContext http, string period, DryRunOperations ops)
    {
        var last = await ops.LastAsync(http.ApiCaller(), ApiInputs.Period(period), http.RequestAborted)
                   ?? throw new Operations.Access.NotFoundException($"no dry run of {period}");
        return Results.Text(last.ReportJson, "application/json");
    }

    private static async Task<IResult> TrailAsync(HttpContext http, string? from, string? to, string? batch_id, AuditOperations ops)
    {
        var query = new AuditQuery(ApiInputs.OptionalDate(from, "from"), ApiInputs.OptionalDate(to, "to"),
            batch_id is null ? null : Operations.Access.Arguments.BatchId(batch_id));
        var rows = await ops.ReadAsync(http.ApiCaller(), query, http.RequestAborted);
        return Results.Ok(new { entries = rows.Select(AuditRowView.Of) });
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, AuditOperations ops)
    {
        var report = await ops.VerifyAsync(http.ApiCaller(), null, http.RequestAborted);
        return Results.Ok(AuditVerifyView.Of(report));
    }
}
