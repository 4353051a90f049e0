namespace MonthEnd.Core.Source;

/// <summary>Everything one pass over a period's source learnt: validity, checksum, totals and partition slices.</summary>
public sealed record SourceScanResult(
    string Checksum,
    SourceTotals Totals,
    long ExpectedLineCount,
    long SkippedPremiums,
    long SkippedClaims,
    long ViolationCount,
    IReadOnlyList<SourceViolation> FirstViolations,
    IReadOnlyList<SourceSlice> Slices)
{
    public const int KeptViolations = 1000;

    public bool IsValid => ViolationCount == 0;
}
