using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Audit;

/// <summary>What one sealed JE range holds in the ledger now.</summary>
public sealed record RangeMeasure(int PartitionNo, long Entries, long Lines, ContentDigest Content);

/// <summary>
/// A sealed batch's ledger as measured now: per sealed range its entries, lines and content; the
/// entries numbered in its ranges that carry another batch's id (<see cref="ForeignEntries"/>) and
/// the entries carrying its id numbered outside them (<see cref="OutsideEntries"/>), each with the
/// first such JE number. Rows numbered in the batch's range but in no partition's (none, as the
/// partitions cover it) are under partition 0.
/// </summary>
public sealed record LedgerMeasure(
    IReadOnlyList<RangeMeasure> Ranges, long ForeignEntries, long? FirstForeign, long OutsideEntries, long? FirstOutside)
{
    public long Entries => Ranges.Sum(r => r.Entries);

    public long Lines => Ranges.Sum(r => r.Lines);
}

/// <summary>
/// Adds up the ledger rows a store reads for a seal, each with its <see cref="EntryContent"/> hash
/// computed as the commit's staging measurement computes it: per sealed range, entries, lines and
/// the sum of their hashes. Rows may come in any order; memory is one counter set per range.
/// </summary>
public sealed class LedgerTally
{
    private readonly PartitionRanges _ranges;
    private readonly Dictionary<int, (long Entries, long Lines, ContentDigest Content)> _measured;
    private long _foreign, _outside;
    private long? _firstForeign, _firstOutside;

    public LedgerTally(LedgerSeal seal)
    {
        _ranges = new PartitionRanges(seal.Partitions.Select(p => new PartitionDigestRange(p.PartitionNo, p.Range)));
        _measured = seal.Partitions.ToDictionary(p => p.PartitionNo, _ => (0L, 0L, ContentDigest.Empty));
    }

    /// <summary>A header numbered in the batch's range; <paramref name="ofBatch"/>: its batch_id is the sealed batch's.</summary>
    public void Header(long jeNumber, bool ofBatch, UInt128 content)
    {
        var partition = _ranges.PartitionOf(jeNumber);
        var (entries, lines, digest) = _measured.GetValueOrDefault(partition);
        _measured[partition] = (entries + 1, lines, digest.Add(content));
        if (!ofBatch)
        {
            _foreign++;
            _firstForeign = Math.Min(_firstForeign ?? long.MaxValue, jeNumber);
        }
    }

    /// <summary>A line numbered in the batch's range.</summary>
    public void Line(long jeNumber, UInt128 content)
    {
        var partition = _ranges.PartitionOf(jeNumber);
        var (entries, lines, digest) = _measured.GetValueOrDefault(partition);
        _measured[partition] = (entries, lines + 1, digest.Add(content));
    }

    /// <summary>The entries carrying the batch's id numbered outside its range, as the store counted them.</summary>
    public void Outside(long count, long? first)
    {
        _outside += count;
        _firstOutside = first is { } f ? Math.Min(_firstOutside ?? long.MaxValue, f) : _firstOutside;
    }

    public LedgerMeasure Complete() => new(
        [.. _measured.OrderBy(m => m.Key).Select(m => new RangeMeasure(m.Key, m.Value.Entries, m.Value.Lines, m.Value.Content))],
        _foreign, _firstForeign, _outside, _firstOutside);
}
