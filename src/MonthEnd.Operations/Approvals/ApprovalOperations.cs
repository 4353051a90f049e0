using Microsoft.Extensions.Options;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Approvals;

/// <summary>
/// Four-eyes: one user requests an irreversible operation with a reason; a different user who may
/// approve decides, and an approval executes it at once. Requests expire; the requester can never
/// approve her own. Every step is in the trail with both names.
/// </summary>
public sealed class ApprovalOperations(
    IApprovalStore approvals, OperationGate gate, IEnumerable<IApprovable> approvables, TimeProvider clock, IOptions<ApprovalOptions> options)
{
    private readonly Dictionary<string, IApprovable> _byOperation = approvables.ToDictionary(a => a.Operation, StringComparer.Ordinal);

    public async Task<ApprovalRequest> RequestAsync(Caller caller, string operation, string subject, string? reason, CancellationToken ct)
    {
        var approvable = Find(operation);
        var why = Arguments.Text("--reason", reason);
        return await gate.ChangeAsync(caller, approvable.Permission, "APPROVAL_REQUESTED", null, new { operation, subject, reason = why }, async c =>
        {
            await approvable.CheckAsync(caller, subject, c);
            var now = clock.GetUtcNow();
            return await approvals.CreateRequestAsync(
                new ApprovalRequest(0, operation, subject, why, caller.User, now, now + options.Value.RequestLifetime, ApprovalStatus.Pending, null, null, null), c);
        }, r => new { request_id = r.RequestId, expires_at = r.ExpiresAt }, ct);
    }

    public async Task<ApprovalRequest> ApproveAsync(Caller caller, long requestId, CancellationToken ct)
    {
        await gate.AuthorizeAsync(caller, Permission.ApproveRequest, "REQUEST_APPROVED", null, new { request_id = requestId }, ct);
        var request = await FindAsync(requestId, ct);
        var approvable = Find(request.Operation);
        await gate.AuthorizeAsync(caller, approvable.Permission, "REQUEST_APPROVED", null, new { request_id = requestId }, ct);
        return await gate.ChangeAsync(caller, Permission.ApproveRequest, "REQUEST_APPROVED", null,
            new { request_id = requestId, request.Operation, request.Subject, requested_by = request.RequestedBy, approved_by = caller.User }, async c =>
            {
                var approved = await approvals.DecideAsync(requestId, caller.User, approve: true, clock.GetUtcNow(), c);
                try
                {
                    var outcome = await approvable.ExecuteAsync(caller, approved, c);
                    return await approvals.CompleteAsync(requestId, ApprovalStatus.Executed, outcome, CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await approvals.CompleteAsync(requestId, ApprovalStatus.Failed, e.Message, CancellationToken.None);
                    throw;
                }
            }, r => new { status = r.Status.ToString().ToUpperInvariant(), outcome = r.Outcome }, ct);
    }

    public async Task<ApprovalRequest> RejectAsync(Caller caller, long requestId, string? reason, CancellationToken ct)
    {
        await gate.AuthorizeAsync(caller, Permission.ApproveRequest, "REQUEST_REJECTED", null, new { request_id = requestId }, ct);
        var request = await FindAsync(requestId, ct);
        var why = Arguments.Text("--reason", reason);
        return await gate.ChangeAsync(caller, Permission.ApproveRequest, "REQUEST_REJECTED", null,
            new { request_id = requestId, request.Operation, requested_by = request.RequestedBy, rejected_by = caller.User, reason = why },
            c => approvals.DecideAsync(requestId, caller.User, approve: false, clock.GetUtcNow(), c),
            r => new { status = r.Status.ToString().ToUpperInvariant() }, ct);
    }

    public Task<IReadOnlyList<ApprovalRequest>> ListAsync(Caller caller, ApprovalStatus? status, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ApproveRequest, "REQUESTS_LISTED", null, null, sensitive: false,
            c => approvals.ListRequestsAsync(status, clock.GetUtcNow(), 200, c), ct);

    private IApprovable Find(string operation) =>
        _byOperation.TryGetValue(operation, out var approvable)
            ? approvable
            : throw new OperationRefusedException($"no operation {operation} takes four-eyes approval");

    private async Task<ApprovalRequest> FindAsync(long requestId, CancellationToken ct) =>
        await approvals.FindRequestAsync(requestId, ct) ?? throw new NotFoundException($"no request {requestId}");
}
