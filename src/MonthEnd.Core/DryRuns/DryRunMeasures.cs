using MonthEnd.Core.Validation;

namespace MonthEnd.Core.DryRuns;

/// <summary>
/// What a dry run measured on its copy: how long the whole batch took (pre-flight to commit), how
/// many source transactions it posted, whether it committed, why not when it did not, and each
/// validation check. The derived figures are exact decimals, so the recommendation's boundaries
/// (90 minutes, 5,556 a second) are met or not without rounding doubt.
/// </summary>
public sealed record DryRunMeasures(
    TimeSpan BatchTime,
    long Transactions,
    bool Committed,
    string? Refusal,
    IReadOnlyList<ValidationCheck> Checks)
{
    public decimal TotalMinutes => (decimal)BatchTime.Ticks / TimeSpan.TicksPerMinute;

    public decimal BufferRemainingMinutes => DryRunTargets.WindowMinutes - TotalMinutes;

    public decimal ProjectedProductionMinutes => TotalMinutes * DryRunTargets.ProductionFactor;

    /// <summary>Source transactions a second over the batch's time (a zero time counts as one tick).</summary>
    public decimal TransactionsPerSecond => Transactions * (decimal)TimeSpan.TicksPerSecond / Math.Max(BatchTime.Ticks, 1);

    public bool MeetsThroughputTarget => TransactionsPerSecond >= DryRunTargets.TargetTransactionsPerSecond;

    public bool AllChecksPassed => Checks.All(c => c.Passed);
}
