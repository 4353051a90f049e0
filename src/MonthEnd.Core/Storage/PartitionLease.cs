using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Storage;

/// <summary>A worker's hold on a partition: the token proves it on every chunk it writes.</summary>
public sealed record PartitionLease(string BatchId, string Owner, string Token, PartitionRecord Partition)
{
    public int PartitionNo => Partition.PartitionNo;
}

/// <summary>How far a partition has got: records staged so far and the last source id among them.</summary>
public readonly record struct ChunkCheckpoint(long RecordsProcessed, long LastSourceId);

public enum ClaimOutcome
{
    Claimed,

    /// <summary>Unfinished partitions exist but other live workers hold them.</summary>
    AllLeased,

    /// <summary>Every partition is COMPLETED or FAILED.</summary>
    NoneLeft,
}

public sealed record PartitionClaim(ClaimOutcome Outcome, PartitionLease? Lease)
{
    public static PartitionClaim AllLeased { get; } = new(ClaimOutcome.AllLeased, null);

    public static PartitionClaim NoneLeft { get; } = new(ClaimOutcome.NoneLeft, null);

    public static PartitionClaim Of(PartitionLease lease) => new(ClaimOutcome.Claimed, lease);
}
