namespace MonthEnd.Core.Source;

/// <summary>
/// Everything one pass over a period's source learnt: validity, checksum, totals and partition slices
/// (with their content digests numbered from <paramref name="ContentFirstJeNumber"/>, when the scan was given it).
/// </summary>
public sealed record SourceScanResult(
    string Checksum,
    SourceTotals Totals,
    long ExpectedLineCount,
    long SkippedPremiums,
    long SkippedClaims,
    long ViolationCount,
    IReadOnlyList<SourceViolation> FirstViolations,
    IReadOnlyList<SourceSlice> Slices,
    long? ContentFirstJeNumber = null)
{
    public const int KeptViolations = 1000;

    public bool IsValid => ViolationCount == 0;

    /// <summary>Records with at least one violation: a record that breaks three rules counts once (<see cref="ViolationCount"/> counts the three).</summary>
    public long InvalidRecordCount { get; init; }

    /// <summary>
    /// This result with the violations of rows its scan could not see (<see cref="StrayRow"/>):
    /// counted, and kept while fewer than <see cref="KeptViolations"/> are.
    /// </summary>
    public SourceScanResult With(IReadOnlyCollection<SourceViolation> strays) =>
        strays.Count == 0
            ? this
            : this with
            {
                ViolationCount = ViolationCount + strays.Count,
                FirstViolations = [.. FirstViolations.Concat(strays).Take(Math.Max(KeptViolations, FirstViolations.Count))],
            };

    /// <summary>
    /// What a scan would find in a source known to be unchanged since an earlier scan that found it
    /// valid: that scan's checksum and totals, and no violation (how many rows it skipped and its
    /// slices are not kept, and nothing that checks a batch uses them).
    /// </summary>
    public static SourceScanResult Unchanged(string checksum, SourceTotals totals, long expectedLineCount) =>
        new(checksum, totals, expectedLineCount, SkippedPremiums: 0, SkippedClaims: 0, ViolationCount: 0, FirstViolations: [], Slices: []);
}
