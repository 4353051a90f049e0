using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Planning;

/// <summary>Everything decided before any worker runs: counts, checksum, numbers and partitions.</summary>
public sealed record BatchPlan(
    string BatchId,
    Period Period,
    RuleSet Rules,
    SequenceRange Sequence,
    long PremiumCount,
    long ClaimCount,
    long ExpectedLineCount,
    string SourceChecksum,
    SourceTotals Totals,
    IReadOnlyList<PartitionPlan> Partitions,
    int WorkerCount,
    int ChunkSize,
    string InitiatedBy)
{
    public long ExpectedJeCount => Sequence.Count;

    /// <summary>
    /// The version of the source snapshot (<see cref="Storage.SourceSnapshot"/>) that the pre-flight
    /// scan, and so <see cref="SourceChecksum"/> and <see cref="Totals"/>, came from: a commit that
    /// finds the same version may take them as the source's now.
    /// </summary>
    public string? SourceVersion { get; init; }
}
