namespace MonthEnd.Core.DryRuns;

/// <summary>The figures a dry run is judged against, from the original design's DryRunManager and SOP 1.</summary>
public static class DryRunTargets
{
    /// <summary>The batch is designed to finish in 20 minutes.</summary>
    public const decimal TargetMinutes = 20m;

    /// <summary>The month-end window: 11 PM to 1 AM.</summary>
    public const decimal WindowMinutes = 120m;

    /// <summary>Above this the batch may not fit the window: WARNING.</summary>
    public const decimal WarningMinutes = 90m;

    /// <summary>Transactions a second the batch must sustain (10 million in 30 minutes).</summary>
    public const decimal TargetTransactionsPerSecond = 5556m;

    /// <summary>Production is assumed 10% slower than the dry run (more load, a busier server).</summary>
    public const decimal ProductionFactor = 1.1m;
}
