namespace MonthEnd.Core.Audit;

/// <summary>What differs between a sealed batch's ledger and its seal.</summary>
public enum SealProblemKind
{
    /// <summary>A sealed range holds another number of entries: entries were deleted (or inserted).</summary>
    EntryCount,

    /// <summary>A sealed range holds another number of lines: lines were deleted or inserted.</summary>
    LineCount,

    /// <summary>A sealed range's rows add up to other content: a column was edited, or rows deleted, inserted or moved.</summary>
    ContentDiffers,

    /// <summary>Entries numbered in the batch's ranges carry another batch's id.</summary>
    EntryOfAnotherBatch,

    /// <summary>Entries carrying the batch's id are numbered outside its ranges: inserted.</summary>
    EntryOutsideRanges,
}

/// <summary>
/// One difference, naming the partition and JE range (<paramref name="PartitionNo"/>, null for the
/// batch as a whole) and, where known, the entry (<paramref name="JeNumber"/>).
/// </summary>
public sealed record SealProblem(SealProblemKind Kind, int? PartitionNo, long? JeNumber, string Message);

/// <summary>A sealed batch's ledger measured against its seal: intact when nothing differs.</summary>
public sealed record SealVerification(string BatchId, LedgerMeasure Measured, IReadOnlyList<SealProblem> Problems)
{
    public bool Intact => Problems.Count == 0;

    public string Summary() =>
        Intact ? $"batch {BatchId}: the ledger is as sealed" : $"batch {BatchId}: " + string.Join("; ", Problems.Select(p => p.Message));
}
