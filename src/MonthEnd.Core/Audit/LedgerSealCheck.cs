using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Audit;

/// <summary>
/// Compares a batch's ledger as measured now (<see cref="LedgerTally"/>) with its seal, range by
/// range, and names what differs. A store then posts the source records of the first range whose
/// content differs again (<see cref="Explain"/>) to name the entry and column.
/// </summary>
public static class LedgerSealCheck
{
    public static SealVerification Compare(LedgerSeal seal, LedgerMeasure measured)
    {
        var problems = new List<SealProblem>();
        var byRange = measured.Ranges.ToDictionary(r => r.PartitionNo);
        foreach (var p in seal.Partitions)
        {
            var m = byRange.GetValueOrDefault(p.PartitionNo) ?? new RangeMeasure(p.PartitionNo, 0, 0, ContentDigest.Empty);
            if (m.Entries != p.EntryCount)
            {
                problems.Add(new SealProblem(SealProblemKind.EntryCount, p.PartitionNo, null,
                    $"{p}: {Count(m.Entries, "entry", "entries")} in the ledger, {p.EntryCount} sealed ({(m.Entries < p.EntryCount ? "entries were deleted" : "entries were inserted")})"));
            }

            if (p.LineCount is { } lines && m.Lines != lines)
            {
                problems.Add(new SealProblem(SealProblemKind.LineCount, p.PartitionNo, null,
                    $"{p}: {Count(m.Lines, "line", "lines")} in the ledger, {lines} sealed ({(m.Lines < lines ? "lines were deleted" : "lines were inserted")})"));
            }

            if (m.Content != p.Content)
            {
                problems.Add(new SealProblem(SealProblemKind.ContentDiffers, p.PartitionNo, null,
                    $"{p}: its entries and lines are not the ones sealed"));
            }
        }

        if (measured.ForeignEntries > 0)
        {
            problems.Add(new SealProblem(SealProblemKind.EntryOfAnotherBatch, null, measured.FirstForeign,
                $"{Count(measured.ForeignEntries, "entry", "entries")} numbered in the batch's ranges {(measured.ForeignEntries == 1 ? "carries" : "carry")} another batch's id (first: JE {measured.FirstForeign})"));
        }

        if (measured.OutsideEntries > 0)
        {
            problems.Add(new SealProblem(SealProblemKind.EntryOutsideRanges, null, measured.FirstOutside,
                $"{Count(measured.OutsideEntries, "entry", "entries")} carrying the batch's id {(measured.OutsideEntries == 1 ? "is" : "are")} numbered outside its sealed range {seal.Sequence} (first: JE {measured.FirstOutside}): inserted"));
        }

        return new SealVerification(seal.BatchId, measured, problems);
    }

    /// <summary>The first partition whose content differs, for a store to post its records again; null when none does.</summary>
    public static SealedPartition? ToExplain(LedgerSeal seal, SealVerification verification) =>
        verification.Problems.FirstOrDefault(p => p.Kind == SealProblemKind.ContentDiffers) is { PartitionNo: { } no }
            ? seal.Partitions.Single(p => p.PartitionNo == no)
            : null;

    /// <summary>
    /// Names the first differing row of <paramref name="partition"/>: its source records (those the
    /// commit marked with the batch) posted again (<paramref name="reposted"/>) beside its rows in the
    /// ledger. Only when the records still make the sealed content are they a reference; otherwise the
    /// source was changed too, and that is said instead.
    /// </summary>
    public static SealVerification Explain(
        SealVerification verification, SealedPartition partition, IReadOnlyList<JournalEntry> reposted, IEnumerable<ContentRow> ledger)
    {
        var source = reposted.Aggregate(ContentDigest.Empty, (sum, e) => sum.Add(EntryContent.Of(e)));
        var (detail, jeNumber) = source != partition.Content
            ? ("its source records (marked with the batch) no longer make the sealed content either, so the entry cannot be named from them", (long?)null)
            : ContentComparison.Find(reposted, ledger, ContentPlace.Ledger) is { } difference
                ? ("first difference: " + difference.Message, difference.Row.JeNumber)
                : ("its rows add up to other content than sealed", null);
        var problems = verification.Problems.Select(p => p.Kind == SealProblemKind.ContentDiffers && p.PartitionNo == partition.PartitionNo
            ? p with { JeNumber = jeNumber, Message = $"{p.Message}; {detail}" }
            : p).ToList();
        return verification with { Problems = problems };
    }

    private static string Count(long count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";
}
