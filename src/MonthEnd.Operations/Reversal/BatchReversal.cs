using MonthEnd.Core.Approvals;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Reversal;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Operations.Reversal;

/// <summary>What a reversal request names: the batch, the date of the compensating entries, and whether its source rows are freed.</summary>
public sealed record ReversalSubject(string BatchId, DateOnly Date, bool ResetSource)
{
    public static ReversalSubject Parse(string subject) => ApprovalSubject.Read<ReversalSubject>(subject);

    public string ToJson() => ApprovalSubject.Write(this);
}

/// <summary>
/// Reversal by compensating entries, once a second batch_admin approves: a REVERSAL batch planned,
/// staged, validated and committed as any batch is (all or nothing), then sealed in the trail and its
/// staging archived. A reversal left open by a crash is carried on by approving a new request for the
/// same batch, date and choice.
/// </summary>
public sealed class BatchReversal(IMonthEndStore store, IBatchReversal reversals, OperationGate gate, BatchSeals seals) : IApprovable
{
    public const string Name = "REVERSE_BATCH";

    public string Operation => Name;

    public Permission Permission => Permission.ReverseBatch;

    public async Task CheckAsync(Caller requester, string subject, CancellationToken ct) =>
        await RefusalAsync(ReversalSubject.Parse(subject), ct);

    public async Task<string> ExecuteAsync(Caller approver, ApprovalRequest request, CancellationToken ct)
    {
        var subject = ReversalSubject.Parse(request.Subject);
        var details = new
        {
            request_id = request.RequestId, requested_by = request.RequestedBy, approved_by = approver.User, reason = request.Reason,
            date = subject.Date.ToString("yyyy-MM-dd"), reset_source = subject.ResetSource,
        };
        var outcome = await gate.ChangeAsync(approver, Permission.ReverseBatch, "BATCH_REVERSED", subject.BatchId, details, async c =>
        {
            var planned = await Refused(() => reversals.PlanReversalAsync(new ReversalRequest(subject.BatchId, subject.Date, subject.ResetSource, approver.User), c));
            var staged = await reversals.StageReversalAsync(planned, c);
            var committed = await reversals.CommitReversalAsync(staged, approver.User, c);
            if (committed.Batch.Status == BatchStatus.Committed)
            {
                await seals.SealAsync(approver, committed.Batch, CancellationToken.None);
                await store.ArchiveStagingAsync(committed.Batch.BatchId, CancellationToken.None);
            }

            return committed;
        }, o => new
        {
            reversal = o.Batch.BatchId, status = o.Batch.Status.Code(), je_first = o.Batch.Sequence.First, je_last = o.Batch.Sequence.Last,
            checks = o.Report.Passed ? "PASS" : o.Report.Summary(),
        }, ct, before: new { status = BatchStatus.Committed.Code() });

        if (outcome.Commit is not { } written)
        {
            throw new OperationRefusedException(
                $"reversal {outcome.Batch.BatchId} of batch {subject.BatchId} FAILED its checks, nothing was posted: {outcome.Report.Summary()}; " +
                $"roll it back (rollback --batch-id {outcome.Batch.BatchId}) and ask again once the cause is fixed");
        }

        return $"batch {subject.BatchId} REVERSED by {outcome.Batch.BatchId}: {written.HeadersWritten} mirror entries and {written.LinesWritten} lines " +
               $"dated {subject.Date:yyyy-MM-dd}, JE {outcome.Batch.Sequence}; funds moved back ({written.FundNetChange})" +
               (subject.ResetSource ? $"; {written.PremiumsMarked} premiums and {written.ClaimsMarked} claims are eligible for a new run" : "");
    }

    /// <summary>Refuses at request time what the store would refuse at approval: nothing waits for an approval that cannot work.</summary>
    private async Task RefusalAsync(ReversalSubject subject, CancellationToken ct)
    {
        var batch = await store.FindBatchAsync(subject.BatchId, ct) ?? throw new NotFoundException($"no batch {subject.BatchId}");
        var closed = (await store.GetPeriodAsync(Period.Of(subject.Date), ct)).IsClosed;
        var open = (await store.ListBatchesAsync(null, 100_000, ct))
            .FirstOrDefault(b => b.Status.IsOpen() && !(b.ReversesBatchId == subject.BatchId && b.Status != BatchStatus.Failed));
        if (ReversalRules.Refusal(batch, subject.Date, closed, open?.BatchId) is { } refusal)
        {
            throw new OperationRefusedException($"batch {subject.BatchId} cannot be reversed: {refusal}");
        }
    }

    private static async Task<T> Refused<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (ReversalRefusedException e)
        {
            throw new OperationRefusedException(e.Message);
        }
    }
}
