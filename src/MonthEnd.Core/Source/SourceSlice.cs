using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Source;

/// <summary>
/// A run of consecutive posted records of one kind, by id: the source side of a partition.
/// <paramref name="FirstPosition"/> is the first record's 0-based position among the batch's records of that kind.
/// <paramref name="Content"/> is what its journal rows must add up to (when the scan was told the first JE number);
/// <paramref name="LineCount"/> how many journal lines the rules make of its records (the scan always counts them).
/// </summary>
public sealed record SourceSlice(SourceKind Kind, long FirstId, long LastId, long FirstPosition, long Count, ContentDigest? Content = null, long? LineCount = null);
