namespace MonthEnd.Core.DryRuns;

public enum DryRunVerdict
{
    Proceed,
    Warning,
    DoNotProceed,
}

/// <summary>
/// The go/no-go advice of a dry run, by the original design's rules in their order: a batch that did
/// not commit on the copy (pre-flight refused it, a validation check failed, it stopped) is DO NOT
/// PROCEED; one that would take more than 90 minutes, or runs below 5,556 transactions a second, is
/// a WARNING; otherwise PROCEED. <see cref="Reasons"/> lists every rule that applied, not only the first.
/// </summary>
public sealed record DryRunRecommendation(DryRunVerdict Verdict, string Message, IReadOnlyList<string> Reasons)
{
    public static DryRunRecommendation Decide(DryRunMeasures measures)
    {
        var stops = new List<string>();
        if (measures.Refusal is { } refusal)
        {
            stops.Add($"the batch did not commit on the copy: {refusal}");
        }

        stops.AddRange(measures.Checks.Where(c => !c.Passed).Select(c => $"{c.Code} failed: {c.Message}"));
        if (!measures.Committed && stops.Count == 0)
        {
            stops.Add("the batch did not commit on the copy");
        }

        if (stops.Count > 0)
        {
            return new(DryRunVerdict.DoNotProceed, measures.AllChecksPassed
                ? "DO NOT PROCEED - The batch did not complete on the copy"
                : "DO NOT PROCEED - Validation failures detected", stops);
        }

        var warnings = new List<string>();
        if (measures.TotalMinutes > DryRunTargets.WarningMinutes)
        {
            warnings.Add($"{measures.TotalMinutes:0.##} minutes is above {DryRunTargets.WarningMinutes} minutes");
        }

        if (!measures.MeetsThroughputTarget)
        {
            warnings.Add($"{measures.TransactionsPerSecond:0} transactions a second is below the target of {DryRunTargets.TargetTransactionsPerSecond:0}");
        }

        return warnings.Count switch
        {
            0 => new(DryRunVerdict.Proceed, "PROCEED - Dry run successful. System ready for production batch.", []),
            _ when measures.TotalMinutes > DryRunTargets.WarningMinutes =>
                new(DryRunVerdict.Warning, "WARNING - Batch may exceed 2-hour window. Consider optimization.", warnings),
            _ => new(DryRunVerdict.Warning, "WARNING - Throughput below target. Monitor closely during production run.", warnings),
        };
    }
}

public static class DryRunVerdicts
{
    /// <summary>The verdict as the original design words it: PROCEED, WARNING, DO NOT PROCEED.</summary>
    public static string Code(this DryRunVerdict verdict) => verdict switch
    {
        DryRunVerdict.Proceed => "PROCEED",
        DryRunVerdict.Warning => "WARNING",
        _ => "DO NOT PROCEED",
    };

    public static DryRunVerdict Parse(string code) => code switch
    {
        "PROCEED" => DryRunVerdict.Proceed,
        "WARNING" => DryRunVerdict.Warning,
        "DO NOT PROCEED" => DryRunVerdict.DoNotProceed,
        _ => throw new FormatException($"not a dry run verdict: {code}"),
    };
}
