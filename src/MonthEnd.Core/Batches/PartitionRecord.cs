using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Batches;

/// <summary>A partition's row in the worker control table: its plan, its checkpoint and its lease.</summary>
public sealed record PartitionRecord(
    string BatchId,
    int PartitionNo,
    SourceKind Kind,
    long FirstSourceId,
    long LastSourceId,
    long FirstPosition,
    long RecordCount,
    SequenceRange Sequence,
    PartitionStatus Status,
    long RecordsProcessed,
    long? LastSourceIdProcessed,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset? HeartbeatAt,
    int Attempts,
    string? Error)
{
    public PartitionPlan Plan => new(PartitionNo, Kind, FirstSourceId, LastSourceId, FirstPosition, RecordCount, Sequence);
}
