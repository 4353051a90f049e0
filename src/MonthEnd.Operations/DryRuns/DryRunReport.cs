using MonthEnd.Core.DryRuns;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Validation;

namespace MonthEnd.Operations.DryRuns;

/// <summary>
/// A dry run's report, in the shape of the original design's generate_dry_run_report (timing,
/// throughput, validation, recommendation), with what this product adds: which copy it ran on,
/// each check, and why the batch stopped when it did not commit. Kept as JSON in dry_runs.
/// </summary>
public sealed record DryRunReport(
    string DryRunId,
    string Period,
    DateTimeOffset ExecutedAt,
    string ExecutedBy,
    string Result,
    string Message,
    DryRunCopyView Copy,
    DryRunTimingView Timing,
    DryRunThroughputView Throughput,
    DryRunValidationView Validation,
    DryRunRecommendationView Recommendation)
{
    public static DryRunReport Of(
        string dryRunId, DryRunRequest request, DateTimeOffset executedAt, string result, string message,
        DryRunCopyView copy, DryRunMeasures measures, IReadOnlyDictionary<RunPhase, TimeSpan>? phases)
    {
        var recommendation = DryRunRecommendation.Decide(measures);
        return new(dryRunId, request.Run.Period.ToString(), executedAt, request.Run.InitiatedBy, result, message, copy,
            new DryRunTimingView(Round(measures.TotalMinutes, 4), DryRunTargets.TargetMinutes, Round(measures.BufferRemainingMinutes, 4),
                Round(measures.ProjectedProductionMinutes, 4),
                phases?.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => Round((decimal)p.Value.TotalSeconds, 3)) ?? []),
            new DryRunThroughputView(measures.Transactions, Round(measures.TransactionsPerSecond, 1), DryRunTargets.TargetTransactionsPerSecond,
                measures.MeetsThroughputTarget),
            DryRunValidationView.Of(measures.Checks),
            new DryRunRecommendationView(recommendation.Verdict.Code(), recommendation.Message, recommendation.Reasons));
    }

    private static decimal Round(decimal value, int places) => Math.Round(value, places, MidpointRounding.AwayFromZero);
}

/// <summary>Where the copy was (kept only with --keep) and how long making it took (not part of the batch's time).</summary>
public sealed record DryRunCopyView(string Location, bool Kept, decimal Seconds);

public sealed record DryRunTimingView(
    decimal TotalTimeMinutes, decimal TargetTimeMinutes, decimal BufferRemainingMinutes, decimal ProjectedProductionTimeMinutes,
    IReadOnlyDictionary<string, decimal> PhaseSeconds);

public sealed record DryRunThroughputView(long Transactions, decimal TransactionsPerSecond, decimal TargetTransactionsPerSecond, bool MeetsTarget);

/// <summary>Each check PASS or FAIL; and the four the original report names, null when the batch never reached validation.</summary>
public sealed record DryRunValidationView(
    bool AllPassed, bool? RecordCountMatch, bool? SequenceIntegrity, bool? DebitCreditBalance, bool? FundTotalsMatch,
    IReadOnlyList<DryRunCheckView> Checks)
{
    public static DryRunValidationView Of(IReadOnlyList<ValidationCheck> checks)
    {
        bool? Passed(params string[] codes) =>
            checks.Any(c => codes.Contains(c.Code)) ? checks.Where(c => codes.Contains(c.Code)).All(c => c.Passed) : null;
        return new(checks.Count > 0 && checks.All(c => c.Passed), Passed(CheckCode.RecordCount), Passed(CheckCode.SequenceIntegrity),
            Passed(CheckCode.EntryBalance, CheckCode.TotalBalance), Passed(CheckCode.FundTotals),
            [.. checks.Select(c => new DryRunCheckView(c.Code, c.Passed ? "PASS" : "FAIL", c.Expected, c.Actual, c.Message))]);
    }
}

public sealed record DryRunCheckView(string Code, string Result, string Expected, string Actual, string Message);

public sealed record DryRunRecommendationView(string Verdict, string Message, IReadOnlyList<string> Reasons);
