namespace MonthEnd.Core.Planning;

/// <summary>
/// An exact, inclusive run of JE numbers [First, Last] handed to a partition before any worker runs.
/// Numbers come out by offset, so a re-run chunk gets the same numbers again.
/// </summary>
public readonly record struct SequenceRange
{
    public SequenceRange(long first, long last)
    {
        if (first < 1 || last < first - 1)
        {
            throw new ArgumentException($"[{first}, {last}] is not a JE number range");
        }

        First = first;
        Last = last;
    }

    public long First { get; }

    public long Last { get; }

    public long Count => Last - First + 1;

    public static SequenceRange OfCount(long first, long count) => new(first, first + count - 1);

    public bool Contains(long number) => number >= First && number <= Last;

    /// <summary>The number at a 0-based offset; past the end the range is exhausted and that is a bug upstream.</summary>
    public long At(long offset)
    {
        if (offset < 0 || offset >= Count)
        {
            throw new SequenceExhaustedException(this, offset);
        }

        return First + offset;
    }

    public override string ToString() => $"{First}..{Last}";
}

public sealed class SequenceExhaustedException(SequenceRange range, long offset)
    : InvalidOperationException($"JE sequence range {range} ({range.Count} numbers) has no offset {offset}")
{
    public SequenceRange Range { get; } = range;

    public long Offset { get; } = offset;
}
