using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;

namespace MonthEnd.Operations.Audit;

/// <summary>
/// Seals each committed batch's ledger in the trail once (<see cref="LedgerSeal"/>): right after
/// the commit, or, when the process died in between, when the period is run again.
/// </summary>
public sealed class BatchSeals(IMonthEndStore store, IAuditStore audit, AuditSigner signer, TimeProvider clock)
{
    public async Task<AuditEntry?> SealAsync(Caller caller, BatchRecord committed, CancellationToken ct)
    {
        if (await FindAsync(committed.BatchId, ct) is not null)
        {
            return null;
        }

        var seal = LedgerSeal.Of(committed, await store.GetPartitionsAsync(committed.BatchId, ct));
        return await audit.AppendAuditAsync(seal.ToDraft(caller, clock.GetUtcNow()), signer.Link, ct);
    }

    /// <summary>The batch's seal row, or null.</summary>
    public async Task<AuditEntry?> FindAsync(string batchId, CancellationToken ct)
    {
        await foreach (var row in audit.ReadAuditAsync(new AuditQuery(BatchId: batchId, Operation: LedgerSeal.Operation), ct))
        {
            if (row.Draft.Operation == LedgerSeal.Operation)
            {
                return row;
            }
        }

        return null;
    }
}
