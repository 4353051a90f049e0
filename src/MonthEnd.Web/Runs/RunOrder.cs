using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;

namespace MonthEnd.Web.Runs;

/// <summary>What "Initiate Month-End Batch" asks for: the period, the in-process workers, and whether it is a dry run on a copy.</summary>
/// <param name="BatchId">Set when the server resumes a batch it finds open at start.</param>
public sealed record RunOrder(Period Period, int Workers, bool DryRun, string? BatchId = null);

/// <summary>How a run started: its batch id once the batch is planned, or its outcome when it ended before that (refused, invalid source).</summary>
public sealed record RunStart(string? BatchId, RunOutcome? Outcome, bool DryRun = false);

/// <summary>The server's own settings (section Web).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>At start, carry on the open month-end batches as `run` would (on behalf of whoever initiated each).</summary>
    public bool ResumeOpenBatches { get; set; } = true;

    /// <summary>The most in-process workers one initiation may ask for.</summary>
    public int MaxWorkers { get; set; } = 64;

    /// <summary>How often a watcher of a batch is sent its live view (server-sent events), in milliseconds.</summary>
    public int LiveIntervalMs { get; set; } = 2_000;

    /// <summary>
    /// The reverse proxies (IP addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed, so the
    /// trail records the client behind them; from anyone else the headers are ignored. Empty: trust none.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];
}
