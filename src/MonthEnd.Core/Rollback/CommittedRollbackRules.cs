using MonthEnd.Core.Batches;

namespace MonthEnd.Core.Rollback;

/// <summary>
/// When a committed batch may be taken out of the ledger: only the ledger's latest batch, so that JE
/// numbers stay gap-free (an earlier one is reversed by compensating entries instead), and only while
/// no batch is open (an open batch is numbered after it and would be left with a gap).
/// </summary>
public static class CommittedRollbackRules
{
    /// <summary>Why the batch may not be rolled back; null when it may.</summary>
    /// <param name="lastJeNumber">The ledger's last JE number now.</param>
    /// <param name="openBatch">An open batch (planned to failed), if any.</param>
    /// <param name="periodClosed">Whether the batch's accounting period is closed.</param>
    public static string? Refusal(BatchRecord batch, long lastJeNumber, string? openBatch, bool periodClosed) => batch switch
    {
        { Kind: not BatchKind.MonthEnd } =>
            $"it is a {batch.Kind} batch: taking it out would leave {batch.ReversesBatchId} REVERSED without its mirror entries; a wrong reversal is corrected by a new posting",
        { Status: not BatchStatus.Committed } => $"it is {batch.Status.Code()}; only a COMMITTED batch's ledger entries are rolled back",
        _ when periodClosed => $"its accounting period {batch.Period} is closed; reopen it first (four-eyes)",
        _ when lastJeNumber != batch.Sequence.Last =>
            $"its entries end at JE {batch.Sequence.Last} but the ledger goes on to JE {lastJeNumber}; only the latest committed batch is " +
            "rolled back, so that JE numbers stay gap-free: reverse it with compensating entries instead",
        _ when openBatch is not null => $"batch {openBatch} is open and numbered after it; abort or roll it back first",
        _ => null,
    };
}

/// <summary>When a batch not yet committed may be rolled back: while it is open; a committed one goes through the four-eyes rollback.</summary>
public static class UncommittedRollbackRules
{
    public static string? Refusal(BatchRecord batch) => batch.Status switch
    {
        BatchStatus.Committed => "it is COMMITTED: its ledger entries are rolled back only with confirmation and a second batch_admin's approval",
        BatchStatus.Committing => "it is COMMITTING: wait for the commit to end, then roll it back as a committed batch if need be",
        _ when !batch.Status.IsOpen() => $"it is {batch.Status.Code()} already",
        _ => null,
    };
}
