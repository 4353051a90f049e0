namespace MonthEnd.Core.Approvals;

/// <summary>The four-eyes states: a request waits, then is approved or rejected by another admin, or expires; an approved one is executed or fails.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
    Executed,
    Failed,
}

/// <summary>
/// A request for an irreversible operation, made by one user and to be decided by another.
/// <see cref="Subject"/> holds the operation's arguments as JSON, so the approver executes exactly what was requested.
/// </summary>
public sealed record ApprovalRequest(
    long RequestId,
    string Operation,
    string Subject,
    string Reason,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    ApprovalStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Outcome)
{
    /// <summary>The request as it stands at <paramref name="now"/>: a PENDING one past its expiry is EXPIRED, whether or not a store has marked it so yet.</summary>
    public ApprovalRequest AsOf(DateTimeOffset now) => ApprovalRefusal.HasLapsed(this, now) ? this with { Status = ApprovalStatus.Expired } : this;
}
