namespace MonthEnd.Core.Import;

/// <summary>
/// Keeps the <paramref name="limit"/> items of the smallest line numbers, in whatever order they
/// arrive (a file's own findings stream in line order, the database's duplicates come after), and
/// counts them all: a report lists a file's first findings in line order, and a file of a million
/// bad rows costs no more memory than one of a thousand. Items of one line keep their arrival order.
/// </summary>
public sealed class EarliestLines<T>(int limit, Func<T, long> lineOf)
{
    // A max-heap on (line, arrival): its top is the item to give up when an earlier one arrives.
    private readonly PriorityQueue<T, (long Line, long Arrival)> _kept =
        new(Comparer<(long Line, long Arrival)>.Create((a, b) => b.CompareTo(a)));

    /// <summary>Every item added, kept or not.</summary>
    public long Count { get; private set; }

    public void Add(T item)
    {
        var key = (lineOf(item), Count++);
        if (_kept.Count < limit)
        {
            _kept.Enqueue(item, key);
        }
        else if (limit > 0 && _kept.TryPeek(out _, out var latest) && key.CompareTo(latest) < 0)
        {
            _kept.DequeueEnqueue(item, key);
        }
    }

    /// <summary>The kept items, earliest line first.</summary>
    public IReadOnlyList<T> InLineOrder() => [.. _kept.UnorderedItems.OrderBy(e => e.Priority).Select(e => e.Element)];
}
