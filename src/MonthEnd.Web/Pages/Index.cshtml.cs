using Microsoft.AspNetCore.Mvc;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Batches;
using MonthEnd.Web.Api;
using MonthEnd.Web.Runs;

namespace MonthEnd.Web.Pages;

/// <summary>
/// The batches: the list with a filter for those who may see all batches, a look-up of a period's
/// batch for those who may see one, and "Initiate Month-End Batch" for initiate_batch holders.
/// </summary>
public sealed class IndexModel(BatchOperations batches, BatchRunner runner) : MonthEndPage
{
    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty]
    public InitiateForm Initiate { get; set; } = new();

    public IReadOnlyList<BatchRecord> Batches { get; private set; } = [];

    /// <summary>The period's open or committed batch, for those without view_all_batches who looked one up.</summary>
    public BatchRecord? Found { get; private set; }

    public bool LookedUp { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync()
    {
        var (period, status) = (ApiInputs.OptionalPeriod(Period), ApiInputs.OptionalStatus(Status));
        if (May(Permission.ViewAllBatches))
        {
            var list = await batches.ListAsync(Caller, period, BatchApi.ListLimit, Aborted);
            Batches = [.. list.Batches.Where(b => status is null || b.Status == status)];
        }
        else if (period is { } asked && May(Permission.ViewBatchStatus))
        {
            LookedUp = true;
            Found = await batches.FindForRunAsync(Caller, asked, null, Aborted);
        }
    }

    public async Task<IActionResult> OnPostInitiateAsync()
    {
        var order = new RunOrder(ApiInputs.Period(Initiate.Period), Initiate.Workers, Initiate.DryRun);
        var start = await runner.StartAsync(Caller, order, Aborted);
        if (start.DryRun)
        {
            return Redirect($"/dry-run/{order.Period}");
        }

        if (start.Outcome is null || start.Outcome.Result == RunResult.Committed)
        {
            return Redirect($"/batches/{start.BatchId}");
        }

        Message = $"{start.Outcome.Result.ToString().ToUpperInvariant()}: {start.Outcome.Message}";
        await OnGetAsync();
        return Page();
    }

    public sealed class InitiateForm
    {
        public string? Period { get; set; }

        public int Workers { get; set; } = ApiInputs.DefaultWorkers;

        public bool DryRun { get; set; }
    }
}
