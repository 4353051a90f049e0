using System.Text.Json;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Web.Api;

namespace MonthEnd.Web.Pages;

/// <summary>The period's last dry run: its recommendation and report (the dry run started from the initiate form runs in the background).</summary>
public sealed class DryRunModel(DryRunOperations dryRuns) : MonthEndPage
{
    public string Period { get; private set; } = "";

    public DryRunRecord? Last { get; private set; }

    public string? Report { get; private set; }

    public async Task OnGetAsync(string period)
    {
        var parsed = ApiInputs.Period(period);
        Period = parsed.ToString();
        Last = await dryRuns.LastAsync(Caller, parsed, Aborted);
        if (Last is not null)
        {
            using var document = JsonDocument.Parse(Last.ReportJson);
            Report = JsonSerializer.Serialize(document.RootElement, Indented);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
