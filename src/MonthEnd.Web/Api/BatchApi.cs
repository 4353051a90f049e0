using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Engine;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Reports;
using MonthEnd.Web.Identity;
using MonthEnd.Web.Runs;

namespace MonthEnd.Web.Api;

/// <summary>The batch endpoints: list, one batch, initiate, pause/resume/abort, its reports.</summary>
public static class BatchApi
{
    /// <summary>How many batches a list shows at most (newest first).</summary>
    public const int ListLimit = 200;

    public static void MapBatchApi(this RouteGroupBuilder api)
    {
        var batches = api.MapGroup("/batches").WithTags("batches");
        batches.MapGet("/", ListAsync).WithSummary("The recent batches (view_all_batches), newest first; filter by period and status");
        batches.MapGet("/{id}", DetailAsync).WithSummary("One batch (view_batch_status): status, progress, partitions, validation, phase timings");
        batches.MapPost("/", InitiateAsync).WithSummary("Initiate the month-end batch of a period (initiate_batch), or a dry run on a copy (run_dry_run)");
        batches.MapPost("/{id}/pause", (HttpContext http, string id, ReasonBody? body, BatchOperations ops) =>
            ControlAsync(ops.PauseAsync(http.ApiCaller(), id, body?.Reason, http.RequestAborted))).WithSummary("Pause a batch (pause_batch)");
        batches.MapPost("/{id}/resume", (HttpContext http, string id, ReasonBody? body, BatchOperations ops) =>
            ControlAsync(ops.ResumeAsync(http.ApiCaller(), id, body?.Reason, http.RequestAborted))).WithSummary("Resume a paused batch (resume_batch)");
        batches.MapPost("/{id}/abort", (HttpContext http, string id, ReasonBody? body, BatchOperations ops) =>
            ControlAsync(ops.AbortAsync(http.ApiCaller(), id, body?.Reason, http.RequestAborted))).WithSummary("Abort an uncommitted batch (abort_batch)");
        batches.MapGet("/{id}/report", ReportAsync).WithSummary("A report of the batch (download_batch_reports): kind batch|cfo|trial-balance, format html|csv|xlsx|json");
    }

    private static async Task<IResult> ListAsync(HttpContext http, BatchOperations ops, string? period, string? status)
    {
        var (inPeriod, withStatus) = (ApiInputs.OptionalPeriod(period), ApiInputs.OptionalStatus(status));
        var list = await ops.ListAsync(http.ApiCaller(), inPeriod, ListLimit, http.RequestAborted);
        return Results.Ok(new
        {
            batches = list.Batches.Where(b => withStatus is null || b.Status == withStatus).Select(BatchView.Of),
            fund_balances = FundView.Of(list.FundBalances),
        });
    }

    private static async Task<IResult> DetailAsync(HttpContext http, string id, BatchOperations ops, BatchRunner runner, TimeProvider clock)
    {
        var status = await ops.StatusAsync(http.ApiCaller(), id, http.RequestAborted);
        return Results.Ok(BatchDetailView.Of(status, runner.Progress(status.Batch.BatchId), clock.GetUtcNow()));
    }

    private static async Task<IResult> InitiateAsync(HttpContext http, InitiateBody body, BatchRunner runner)
    {
        var order = new RunOrder(ApiInputs.Period(body.Period), body.Workers ?? ApiInputs.DefaultWorkers, body.DryRun);
        var start = await runner.StartAsync(http.ApiCaller(), order, http.RequestAborted);
        return start.Outcome is { } ended ? Ended(ended) : Results.Accepted($"/api/batches/{start.BatchId}", new
        {
            batch_id = start.BatchId,
            dry_run = start.DryRun,
            status_url = start.DryRun ? $"/api/periods/{order.Period}/dry-run" : $"/api/batches/{start.BatchId}",
        });
    }

    /// <summary>A run that ended before it could be watched: committed at once, or refused as `run` refuses it, with `run`'s exit code.</summary>
    private static IResult Ended(RunOutcome outcome)
    {
        var batch = outcome.Batch is null ? null : BatchView.Of(outcome.Batch);
        if (outcome.Result == RunResult.Committed)
        {
            return Results.Created($"/api/batches/{batch!.BatchId}", new { batch_id = batch.BatchId, result = "COMMITTED", batch });
        }

        var status = outcome.Result switch
        {
            RunResult.InvalidSource => StatusCodes.Status422UnprocessableEntity,
            RunResult.LimitExceeded => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status409Conflict,
        };
        return Results.Problem(outcome.Message, statusCode: status, title: outcome.Result.ToString().ToUpperInvariant(),
            extensions: new Dictionary<string, object?> { ["exit_code"] = ExitCode.Of(outcome.Result), ["batch"] = batch });
    }

    private static async Task<IResult> ControlAsync(Task<BatchRecord> change) => Results.Ok(BatchView.Of(await change));

    private static async Task<IResult> ReportAsync(HttpContext http, string id, string? kind, string? format, ReportOperations reports)
    {
        var report = await reports.CreateAsync(http.ApiCaller(), id, ApiInputs.Kind(kind), ApiInputs.Format(format), http.RequestAborted);
        return Results.File(report.Content, report.MediaType, report.FileName);
    }
}
