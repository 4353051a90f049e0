using MonthEnd.Core.Batches;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Source;

/// <summary>
/// The smallest and largest id a batch posts, per kind (null when it posts none of that kind): the
/// bounds within which an earlier batch could have posted one of its ids. Ids grow over time, so
/// the processed rows inside these bounds are few however many years of rows lie outside them.
/// </summary>
public sealed record PostedIdRanges(IdBounds? Premiums, IdBounds? Claims)
{
    public static PostedIdRanges Of(IEnumerable<SourceSlice> slices) =>
        From(slices.Select(s => (s.Kind, s.FirstId, s.LastId)));

    public static PostedIdRanges Of(IEnumerable<PartitionRecord> partitions) =>
        From(partitions.Where(p => p.RecordCount > 0).Select(p => (p.Kind, p.FirstSourceId, p.LastSourceId)));

    public IdBounds? For(SourceKind kind) => kind == SourceKind.Premium ? Premiums : Claims;

    private static PostedIdRanges From(IEnumerable<(SourceKind Kind, long First, long Last)> ranges)
    {
        var list = ranges.ToList();
        return new PostedIdRanges(Bounds(list, SourceKind.Premium), Bounds(list, SourceKind.Claim));
    }

    private static IdBounds? Bounds(List<(SourceKind Kind, long First, long Last)> ranges, SourceKind kind)
    {
        var of = ranges.Where(r => r.Kind == kind).ToList();
        return of.Count == 0 ? null : new IdBounds(of.Min(r => r.First), of.Max(r => r.Last));
    }
}

/// <summary>An inclusive id range.</summary>
public readonly record struct IdBounds(long First, long Last);
