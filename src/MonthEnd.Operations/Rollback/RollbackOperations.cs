using MonthEnd.Core.Approvals;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rollback;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;

namespace MonthEnd.Operations.Rollback;

/// <summary>What `rollback` did: rolled an uncommitted batch back at once, or asked for a committed one to be (four-eyes).</summary>
public sealed record RollbackResult(BatchRecord? RolledBack, ApprovalRequest? Request);

/// <summary>
/// Rollback, as the original design's decision tree has it: a batch not yet committed is rolled back
/// at once (staging dropped, ledger untouched); a committed one only with confirmation, as a four-eyes
/// request a second batch_admin approves (<see cref="CommittedBatchRollback"/>).
/// </summary>
public sealed class RollbackOperations(IMonthEndStore store, IBatchRollback rollback, OperationGate gate, ApprovalOperations approvals)
{
    public async Task<RollbackResult> RollbackAsync(Caller caller, string? batchId, string? reason, bool confirm, CancellationToken ct)
    {
        var id = ValidBatchId(batchId);
        var why = Arguments.Text("--reason", reason);
        await gate.AuthorizeAsync(caller, Permission.RollbackBatch, "BATCH_ROLLED_BACK", id, new { reason = why, confirm }, ct);
        var batch = await store.FindBatchAsync(id, ct) ?? throw new NotFoundException($"no batch {id}");
        if (batch.Status != BatchStatus.Committed)
        {
            var rolledBack = await gate.ChangeAsync(caller, Permission.RollbackBatch, "BATCH_ROLLED_BACK", id, new { reason = why },
                c => rollback.RollBackUncommittedAsync(id, $"rolled back by {caller.User}: {why}", c),
                b => new { status = b.Status.Code() }, ct, before: new { status = batch.Status.Code() });
            return new RollbackResult(rolledBack, null);
        }

        if (!confirm)
        {
            throw new OperationRefusedException(
                $"batch {id} is COMMITTED: rolling it back removes its {batch.ExpectedJeCount} ledger entries and needs confirmation " +
                "and a second batch_admin's approval; reversal by compensating entries keeps the ledger's history instead");
        }

        return new RollbackResult(null, await approvals.RequestAsync(caller, CommittedBatchRollback.Name, new RollbackSubject(id).ToJson(), why, ct));
    }

    private static string ValidBatchId(string? batchId)
    {
        try
        {
            return BatchId.Validate(batchId);
        }
        catch (FormatException e)
        {
            throw new InvalidArgumentException("--batch-id", e.Message);
        }
    }
}
