using Microsoft.AspNetCore.Mvc;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;

namespace MonthEnd.Web.Pages;

/// <summary>The confirmation step of pause, resume, abort, rollback and reverse: GET shows what will happen, POST does it.</summary>
public sealed class ControlModel(BatchOperations batches, RollbackOperations rollbacks, ReversalOperations reversals) : MonthEndPage
{
    private static readonly Dictionary<string, string> Explanations = new(StringComparer.Ordinal)
    {
        ["pause"] = "Every worker stops at its next chunk boundary; the batch waits as PAUSED until it is resumed.",
        ["resume"] = "The batch becomes RUNNING again; the server's run or the workers carry on where they stopped.",
        ["abort"] = "The batch is ABORTED: its staging is deleted and the ledger is untouched. This cannot be undone.",
        ["rollback"] = "An uncommitted batch is rolled back at once. A COMMITTED batch becomes a four-eyes request: a second batch_admin must approve it.",
        ["reverse"] = "Asks for compensating entries dated as given; a second batch_admin must approve it. The original entries stay in the ledger.",
    };

    [FromRoute]
    public string Id { get; set; } = "";

    [FromRoute]
    public string Verb { get; set; } = "";

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public bool ResetSource { get; set; }

    public string Explanation => Explanations[Verb];

    public string? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Explanations.ContainsKey(Verb))
        {
            return NotFound();
        }

        Status = (await batches.StatusAsync(Caller, Id, Aborted)).Batch.Status.ToString().ToUpperInvariant();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        switch (Verb)
        {
            case "pause":
                await batches.PauseAsync(Caller, Id, Reason, Aborted);
                break;
            case "resume":
                await batches.ResumeAsync(Caller, Id, Reason, Aborted);
                break;
            case "abort":
                await batches.AbortAsync(Caller, Id, Reason, Aborted);
                break;
            case "rollback":
                var rolled = await rollbacks.RollbackAsync(Caller, Id, Reason, confirm: true, Aborted);
                return Redirect(rolled.Request is null ? $"/batches/{Id}" : "/requests");
            case "reverse":
                await reversals.RequestAsync(Caller, Id, Date, ResetSource, Reason, Aborted);
                return Redirect("/requests");
            default:
                throw new InvalidArgumentException("action", $"{Core.Text.Shown.Quote(Verb)} is not one of {string.Join(", ", Explanations.Keys)}");
        }

        return Redirect($"/batches/{Id}");
    }
}
