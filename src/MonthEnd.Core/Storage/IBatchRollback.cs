using MonthEnd.Core.Batches;
using MonthEnd.Core.Rollback;

namespace MonthEnd.Core.Storage;

/// <summary>Taking a batch back: one not yet committed (its staging), or the latest committed one (its ledger).</summary>
public interface IBatchRollback
{
    /// <summary>
    /// Marks a batch that is not committed ROLLED_BACK with the reason and drops its staging, in one
    /// transaction; its workers stop at their next chunk. The ledger is untouched. A COMMITTED or
    /// ended batch is refused with <see cref="Batches.BatchTransitionException"/>.
    /// </summary>
    Task<BatchRecord> RollBackUncommittedAsync(string batchId, string reason, CancellationToken ct);

    /// <summary>
    /// Every row a rollback of the committed batch removes or changes, table by table, as stored:
    /// its ledger entries and lines (its JE range), the fund balances, the source rows it marked.
    /// One snapshot of the database.
    /// </summary>
    IAsyncEnumerable<FootprintRow> ReadFootprintAsync(BatchRecord batch, CancellationToken ct);

    /// <summary>What the database holds of a batch now: ledger entries and lines in its JE range, source rows carrying its id.</summary>
    Task<BatchFootprint> MeasureFootprintAsync(BatchRecord batch, CancellationToken ct);

    /// <summary>
    /// In ONE transaction: refuses (<see cref="RollbackRefusedException"/>) unless the batch is
    /// COMMITTED, its entries are the ledger's last and no batch is open
    /// (<see cref="CommittedRollbackRules"/>); removes its entries and lines, subtracts each fund's net
    /// change in those lines from fund_balance, resets its source rows (batch_processed false,
    /// batch_id and je_created_at NULL) and marks it ROLLED_BACK with the reason. Refused too when what
    /// it would remove is not <paramref name="expected"/> (what the backup holds): nothing changes
    /// unless it was all backed up.
    /// </summary>
    Task<CommittedRollback> RollBackCommittedAsync(string batchId, BatchFootprint expected, string reason, string rolledBackBy, CancellationToken ct);
}
