namespace MonthEnd.Core.Reversal;

/// <summary>
/// A reversal's staged rows compared, row by row in the store, with the original entries they
/// mirror: each staged header with the original header numbered <c>je_id − offset</c>, each staged
/// line with the original line of that entry and number. A mismatch is a staged row that differs from
/// the mirror (date, type, reference, template, accounts, funds, amounts not swapped, link), one that
/// mirrors nothing, or an original row without its mirror.
/// </summary>
/// <param name="FirstMismatch">The first differing entry's JE number (staged numbering), when any.</param>
/// <param name="FirstMismatchDetail">What differs there, in words.</param>
/// <param name="BySeals">
/// Proven without the row-by-row comparison: staging holds exactly what its sealed chunks wrote,
/// and each chunk wrote the mirrors, made by <see cref="ReversalMirror"/>'s rule, of original rows
/// that add up to the digests sealed when the original batch committed.
/// </param>
public sealed record MirrorComparison(
    long OriginalEntries, long OriginalLines, long HeaderMismatches, long LineMismatches, long? FirstMismatch, string? FirstMismatchDetail, bool BySeals = false)
{
    public bool Matches => HeaderMismatches == 0 && LineMismatches == 0;

    public static MirrorComparison Sealed(long originalEntries, long originalLines) => new(originalEntries, originalLines, 0, 0, null, null, BySeals: true);
}
