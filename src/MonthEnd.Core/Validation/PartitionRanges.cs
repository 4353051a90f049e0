namespace MonthEnd.Core.Validation;

/// <summary>
/// Which partition's JE range holds a number: a binary search over the ranges, sorted, that first
/// tries the range found last, as rows mostly come in number order.
/// </summary>
public sealed class PartitionRanges(IEnumerable<PartitionDigestRange> ranges)
{
    private readonly PartitionDigestRange[] _ranges = [.. ranges.OrderBy(r => r.Range.First)];
    private int _last = -1;

    /// <summary>The partition whose range holds the number, or 0 for none.</summary>
    public int PartitionOf(long jeNumber)
    {
        if (_last >= 0 && _ranges[_last].Range.Contains(jeNumber))
        {
            return _ranges[_last].PartitionNo;
        }

        int low = 0, high = _ranges.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var range = _ranges[mid].Range;
            if (jeNumber < range.First)
            {
                high = mid - 1;
            }
            else if (jeNumber > range.Last)
            {
                low = mid + 1;
            }
            else
            {
                _last = mid;
                return _ranges[mid].PartitionNo;
            }
        }

        return 0;
    }
}
