using MonthEnd.Core.Reversal;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Storage;

/// <summary>
/// Reversal by compensating entries, through the same stages as any batch: planned (a REVERSAL
/// batch with its partitions), staged (RUNNING, then VALIDATING), validated and committed in one
/// transaction, or FAILED with its checks. Each stage may be run again after a crash.
/// </summary>
public interface IBatchReversal
{
    /// <summary>
    /// Records the REVERSAL batch of a COMMITTED batch, numbered from the ledger's next JE, one
    /// partition per partition of the original with its range moved; or returns the open reversal of
    /// that batch planned before (a crash, a failed attempt). Refused
    /// (<see cref="ReversalRefusedException"/>) as <see cref="ReversalRules"/> say.
    /// </summary>
    Task<ReversalBatch> PlanReversalAsync(ReversalRequest request, CancellationToken ct);

    /// <summary>The reversal batch of that id, with what it reverses; null for none or a batch of another kind.</summary>
    Task<ReversalBatch?> FindReversalAsync(string reversalBatchId, CancellationToken ct);

    /// <summary>
    /// Writes the mirror entries into the reversal's staging (whatever an earlier attempt left there
    /// is dropped first) and moves it to VALIDATING. A PLANNED, RUNNING or VALIDATING reversal only.
    /// </summary>
    Task<ReversalBatch> StageReversalAsync(ReversalBatch reversal, CancellationToken ct);

    /// <summary>
    /// In ONE transaction: every check (<see cref="ReversalVerifier"/>) on what is staged now; when all
    /// pass, the entries into the ledger (linked to the entries they reverse), each fund moved back,
    /// the original REVERSED, the reversal COMMITTED, and with ResetSource the original's source rows
    /// made eligible again. Otherwise the checks are saved and the reversal FAILS; nothing else changes.
    /// </summary>
    Task<CommitOutcome> CommitReversalAsync(ReversalBatch reversal, string postedBy, CancellationToken ct);
}
