using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Batches;

/// <summary>
/// A partition's row in the worker control table: its plan (with <paramref name="Content"/>, what its
/// journal rows must add up to; null for a batch planned before content digests; and <paramref name="LineCount"/>,
/// how many journal lines; null for a batch planned before they were counted), its checkpoint and its lease.
/// </summary>
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
    string? Error,
    ContentDigest? Content = null,
    long? LineCount = null)
{
    public PartitionPlan Plan => new(PartitionNo, Kind, FirstSourceId, LastSourceId, FirstPosition, RecordCount, Sequence, Content, LineCount);
}
