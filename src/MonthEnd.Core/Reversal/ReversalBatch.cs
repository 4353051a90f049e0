using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Reversal;

/// <summary>
/// A batch of kind REVERSAL with what it reverses: every entry of <paramref name="ReversesBatchId"/>
/// mirrored (debit and credit swapped) into the same number of entries, dated <paramref name="Date"/>,
/// numbered from the ledger's next JE number; entry n of the original becomes entry n +
/// <see cref="Offset"/> and is linked to it (reverses_je_id). <paramref name="ResetSource"/>: the commit
/// also makes the original's source rows eligible for a new run.
/// </summary>
public sealed record ReversalBatch(BatchRecord Batch, string ReversesBatchId, long OriginalFirstJe, DateOnly Date, bool ResetSource)
{
    /// <summary>What is added to an original entry's number to make its mirror's.</summary>
    public long Offset => Batch.Sequence.First - OriginalFirstJe;

    public string BatchId => Batch.BatchId;
}

/// <summary>What the operator asked for: reverse that batch on that date, and maybe free its source rows.</summary>
public sealed record ReversalRequest(string OriginalBatchId, DateOnly Date, bool ResetSource, string InitiatedBy);

/// <summary>A reversal that may not be planned or committed; nothing was changed.</summary>
public sealed class ReversalRefusedException(string batchId, string reason) : Exception($"batch {batchId} cannot be reversed: {reason}")
{
    public string BatchId { get; } = batchId;

    public string Reason { get; } = reason;
}
