using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;

namespace MonthEnd.Core.Validation;

/// <summary>A partition's JE range, under which <see cref="StagingTally"/> adds up the content of the rows numbered in it.</summary>
public readonly record struct PartitionDigestRange(int PartitionNo, SequenceRange Range)
{
    public static IReadOnlyList<PartitionDigestRange> Of(IEnumerable<PartitionRecord> partitions) =>
        [.. partitions.Select(p => new PartitionDigestRange(p.PartitionNo, p.Sequence))];
}
