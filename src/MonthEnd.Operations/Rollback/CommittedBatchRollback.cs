using Microsoft.Extensions.Options;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rollback;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;

namespace MonthEnd.Operations.Rollback;

/// <summary>The batch a committed rollback request names, kept as the request's subject.</summary>
public sealed record RollbackSubject(string BatchId)
{
    public static RollbackSubject Parse(string subject) => ApprovalSubject.Read<RollbackSubject>(subject);

    public string ToJson() => ApprovalSubject.Write(this);
}

/// <summary>
/// The original design's extreme option: taking the latest committed batch out of the ledger, once a
/// second batch_admin approves. It backs up what it will change first, changes it in one transaction,
/// then checks that nothing of the batch is left and that the funds are back where they were.
/// </summary>
public sealed class CommittedBatchRollback(
    IMonthEndStore store, IBatchRollback rollback, OperationGate gate, TimeProvider clock, IOptions<RollbackOptions> options) : IApprovable
{
    public const string Name = "ROLLBACK_COMMITTED_BATCH";

    public string Operation => Name;

    public Permission Permission => Permission.RollbackBatch;

    public async Task CheckAsync(Caller requester, string subject, CancellationToken ct) =>
        _ = await CommittedAsync(RollbackSubject.Parse(subject).BatchId, ct);

    public async Task<string> ExecuteAsync(Caller approver, ApprovalRequest request, CancellationToken ct)
    {
        var batch = await CommittedAsync(RollbackSubject.Parse(request.Subject).BatchId, ct);
        var details = new { request_id = request.RequestId, requested_by = request.RequestedBy, approved_by = approver.User, reason = request.Reason };
        var done = await gate.ChangeAsync(approver, Permission.RollbackBatch, LedgerSeal.RolledBackOperation, batch.BatchId, details, async c =>
        {
            var backup = await RollbackBackup.WriteAsync(options.Value.BackupDirectory, batch, approver.User, clock.GetUtcNow(),
                rollback.ReadFootprintAsync(batch, c), c);
            var reason = $"rolled back on request {request.RequestId} by {request.RequestedBy}, approved by {approver.User}: {request.Reason}";
            var result = await rollback.RollBackCommittedAsync(batch.BatchId, backup.Holds, reason, approver.User, c);
            var problems = await IntegrityProblemsAsync(result, c);
            return (Result: result, Backup: backup, Problems: problems);
        }, d => new
        {
            status = d.Result.Batch.Status.Code(),
            removed = d.Result.Removed.ToString(),
            fund_change_reversed = d.Result.FundChangeReversed.ToString(),
            backup = d.Backup.Path,
            backup_sha256 = d.Backup.Sha256,
            integrity = d.Problems.Count == 0 ? "PASS" : string.Join("; ", d.Problems),
        }, ct, before: new { status = batch.Status.Code(), je_first = batch.Sequence.First, je_last = batch.Sequence.Last });

        if (done.Problems.Count > 0)
        {
            throw new OperationRefusedException(
                $"batch {batch.BatchId} was rolled back (backup {done.Backup.Path}) but the integrity check FAILED: {string.Join("; ", done.Problems)}");
        }

        return $"batch {batch.BatchId} ROLLED_BACK: removed {done.Result.Removed}; fund changes reversed ({done.Result.FundChangeReversed}); " +
            $"integrity check PASS; backup {done.Backup.Path} (sha256 {done.Backup.Sha256})";
    }

    /// <summary>After the transaction: nothing of the batch is left, and each fund is back by exactly what it moved.</summary>
    private async Task<IReadOnlyList<string>> IntegrityProblemsAsync(CommittedRollback result, CancellationToken ct)
    {
        var problems = new List<string>();
        var left = await rollback.MeasureFootprintAsync(result.Batch, ct);
        if (!left.IsEmpty)
        {
            problems.Add($"the database still holds {left} of the batch");
        }

        var balances = await store.GetFundBalancesAsync(ct);
        foreach (var fund in Funds.All)
        {
            var expected = result.BalancesBefore[fund] - result.FundChangeReversed[fund];
            if (balances[fund] != expected)
            {
                problems.Add($"fund {fund.Code()} holds {balances[fund]} IDR, expected {expected} IDR");
            }
        }

        return problems;
    }

    private async Task<BatchRecord> CommittedAsync(string batchId, CancellationToken ct)
    {
        var batch = await store.FindBatchAsync(batchId, ct) ?? throw new NotFoundException($"no batch {batchId}");
        var last = await store.NextJeNumberAsync(ct) - 1;
        var open = (await store.ListBatchesAsync(null, 100_000, ct)).FirstOrDefault(b => b.Status.IsOpen())?.BatchId;
        var closed = (await store.GetPeriodAsync(batch.Period, ct)).IsClosed;
        return CommittedRollbackRules.Refusal(batch, last, open, closed) is { } refusal
            ? throw new OperationRefusedException($"batch {batchId} cannot be rolled back: {refusal}")
            : batch;
    }
}
