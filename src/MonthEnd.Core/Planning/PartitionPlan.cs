using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Planning;

/// <summary>
/// A unit of work: the posted source records with ids in [FirstSourceId, LastSourceId] of one kind,
/// how many there are, and the exact JE numbers they will take.
/// </summary>
public sealed record PartitionPlan(
    int PartitionNo,
    SourceKind Kind,
    long FirstSourceId,
    long LastSourceId,
    long FirstPosition,
    long RecordCount,
    SequenceRange Sequence);
