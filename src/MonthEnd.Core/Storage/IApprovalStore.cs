using MonthEnd.Core.Approvals;

namespace MonthEnd.Core.Storage;

/// <summary>Four-eyes requests: one user asks, another decides, the decision is taken once.</summary>
public interface IApprovalStore
{
    /// <summary>
    /// Stores a new PENDING request (its RequestId is ignored, as are its status, decision and outcome)
    /// and returns it with its id. The subject must be JSON; it is kept as given, to the character.
    /// </summary>
    Task<ApprovalRequest> CreateRequestAsync(ApprovalRequest request, CancellationToken ct);

    Task<ApprovalRequest?> FindRequestAsync(long requestId, CancellationToken ct);

    /// <summary>
    /// Requests, newest first, each as it stands at <paramref name="now"/> (<see cref="ApprovalRequest.AsOf"/>:
    /// a PENDING one past its expiry is listed EXPIRED); only those in <paramref name="status"/> then, when given.
    /// </summary>
    Task<IReadOnlyList<ApprovalRequest>> ListRequestsAsync(ApprovalStatus? status, DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>
    /// Approves or rejects a PENDING request in one conditional write, so two deciders cannot both
    /// win. Refused with <see cref="ApprovalStateException"/>: no such request, not PENDING, expired
    /// at <paramref name="now"/> (the request is then marked EXPIRED), or
    /// <paramref name="decidedBy"/> is the requester (case-insensitive). The reason is worded by
    /// <see cref="ApprovalRefusal.OfDecision"/>.
    /// </summary>
    Task<ApprovalRequest> DecideAsync(long requestId, string decidedBy, bool approve, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Records what became of an APPROVED request: EXECUTED or FAILED, with an outcome text. Any other
    /// state is refused with <see cref="ApprovalStateException"/> (<see cref="ApprovalRefusal.OfCompletion"/>).
    /// </summary>
    Task<ApprovalRequest> CompleteAsync(long requestId, ApprovalStatus result, string outcome, CancellationToken ct);
}

public sealed class ApprovalStateException(long requestId, string reason)
    : Exception($"request {requestId}: {reason}")
{
    public long RequestId { get; } = requestId;

    public string Reason { get; } = reason;
}
