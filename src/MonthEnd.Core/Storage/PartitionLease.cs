using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Storage;

/// <summary>A worker's hold on a partition: the token proves it on every chunk it writes.</summary>
public sealed record PartitionLease(string BatchId, string Owner, string Token, PartitionRecord Partition)
{
    public int PartitionNo => Partition.PartitionNo;
}

/// <summary>
/// How far a partition gets with one chunk: from <paramref name="FromRecordsProcessed"/> records to
/// <paramref name="RecordsProcessed"/>, the last source id among them being <paramref name="LastSourceId"/>.
/// The store writes the chunk only if the partition is still where the chunk starts; if it is already
/// where the chunk ends, the chunk was written before (a retry after a lost acknowledgement) and is
/// not written twice.
/// </summary>
public readonly record struct ChunkCheckpoint(long FromRecordsProcessed, long RecordsProcessed, long LastSourceId);

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
