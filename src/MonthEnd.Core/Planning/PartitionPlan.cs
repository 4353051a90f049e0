using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Planning;

/// <summary>
/// A unit of work: the posted source records with ids in [FirstSourceId, LastSourceId] of one kind,
/// how many there are, the exact JE numbers they will take, what their journal rows must add
/// up to (<see cref="ContentDigest"/>) and how many journal lines they make (null when not counted).
/// </summary>
public sealed record PartitionPlan(
    int PartitionNo,
    SourceKind Kind,
    long FirstSourceId,
    long LastSourceId,
    long FirstPosition,
    long RecordCount,
    SequenceRange Sequence,
    ContentDigest? Content = null,
    long? LineCount = null);
