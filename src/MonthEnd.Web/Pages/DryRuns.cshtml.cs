using MonthEnd.Core.Storage;
using MonthEnd.Operations.DryRuns;

namespace MonthEnd.Web.Pages;

/// <summary>The last dry run of each period with its recommendation, newest first; each links to its report (/dry-run/{period}).</summary>
public sealed class DryRunsModel(DryRunOperations dryRuns) : MonthEndPage
{
    /// <summary>How many periods the list shows at most.</summary>
    public const int Limit = 60;

    public IReadOnlyList<DryRunRecord> DryRuns { get; private set; } = [];

    public async Task OnGetAsync() => DryRuns = await dryRuns.RecentAsync(Caller, Limit, Aborted);
}
