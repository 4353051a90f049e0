using MonthEnd.Core.Batches;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// Names the first row, in JE number order (a header before its lines), where a partition's staged
/// rows differ from what the rules make of its source records: a column with another value, a row
/// missing, or a row the rules do not make. Used only once a content digest has differed, to point
/// an operator at the entry; both sides of one partition fit in memory.
/// </summary>
public static class ContentComparison
{
    /// <summary>
    /// The partition whose rows a store should post again and compare to name the first difference
    /// (the first that differs and has a digest), or, when there is none to post, what to say instead.
    /// </summary>
    public static (PartitionRecord? Partition, string? Message) ToExplain(IReadOnlyList<PartitionRecord> partitions, StagingFacts staging)
    {
        var differing = BatchVerifier.PartitionsUnlikeSource(partitions, staging);
        if (differing.Count == 0)
        {
            return (null, null);
        }

        return partitions.FirstOrDefault(p => p.PartitionNo == differing[0]) is { Content: not null } partition
            ? (partition, null)
            : (null, differing[0] == 0 ? "rows are staged with JE numbers outside every partition's range" : null);
    }

    /// <summary>The check's message for a partition posted again: its first differing row, named with the partition.</summary>
    public static string Describe(PartitionRecord partition, IEnumerable<JournalEntry> expected, IEnumerable<ContentRow> staged) =>
        $"partition {partition.PartitionNo}: " + (FirstDifference(expected, staged) ?? "its rows add up to other content than its source makes");

    public static string? FirstDifference(IEnumerable<JournalEntry> expected, IEnumerable<ContentRow> staged) =>
        Find(expected, staged, ContentPlace.Staging)?.Message;

    /// <summary>The first row where <paramref name="held"/> (the rows <paramref name="place"/> holds) differs from what the rules make, or null.</summary>
    public static ContentDifference? Find(IEnumerable<JournalEntry> expected, IEnumerable<ContentRow> held, ContentPlace place)
    {
        var sources = new Dictionary<long, string>();
        var want = new List<ContentRow>();
        foreach (var entry in expected)
        {
            sources[entry.JeNumber] = $"{entry.ReferenceType.Code()} {entry.ReferenceId}, template {entry.Template.Code}";
            want.AddRange(ContentRow.Of(entry));
        }

        var have = held.ToList();
        want.Sort(ByKey);
        have.Sort(ByKey);
        int w = 0, h = 0;
        while (w < want.Count || h < have.Count)
        {
            var order = w == want.Count ? 1 : h == have.Count ? -1 : ByKey(want[w], have[h]);
            if (order < 0)
            {
                return new ContentDifference(want[w], $"{want[w].Name} {place.Missing} (the rules make it from {sources[want[w].JeNumber]})");
            }

            if (order > 0)
            {
                return new ContentDifference(have[h], $"{have[h].Name} {place.Held}, but the rules make no such row from this partition's source");
            }

            if (FirstColumnDifference(want[w], have[h], place) is { } column)
            {
                return new ContentDifference(want[w], $"{want[w].Name} ({sources[want[w].JeNumber]}): {column}");
            }

            w++;
            h++;
        }

        return null;
    }

    private static string? FirstColumnDifference(ContentRow want, ContentRow have, ContentPlace place)
    {
        foreach (var (column, value) in want.Values)
        {
            var held = have.Values.FirstOrDefault(v => v.Column == column).Value ?? ContentRow.Null;
            if (held != value)
            {
                return $"{column} {place.Held} as '{held}', the rules make '{value}'";
            }
        }

        return null;
    }

    /// <summary>By JE number, the header first, then lines by number.</summary>
    private static int ByKey(ContentRow a, ContentRow b) =>
        a.JeNumber != b.JeNumber ? a.JeNumber.CompareTo(b.JeNumber) : (a.LineNumber ?? short.MinValue).CompareTo(b.LineNumber ?? short.MinValue);
}

/// <summary>Where compared rows are held, as the messages say it: "JE 5 line 2 is missing from the ledger", "debit_amount is staged as …".</summary>
public sealed record ContentPlace(string Missing, string Held)
{
    public static ContentPlace Staging { get; } = new("is missing from staging", "is staged");

    public static ContentPlace Ledger { get; } = new("is missing from the ledger", "is in the ledger");
}

/// <summary>The first row that differs (<see cref="ContentRow.JeNumber"/> names its entry) and what differs, in words.</summary>
public sealed record ContentDifference(ContentRow Row, string Message);
