using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Source;

/// <summary>
/// A run of consecutive posted records of one kind, by id: the source side of a partition.
/// <paramref name="FirstPosition"/> is the first record's 0-based position among the batch's records of that kind.
/// </summary>
public sealed record SourceSlice(SourceKind Kind, long FirstId, long LastId, long FirstPosition, long Count);
