using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;

namespace MonthEnd.Operations.Approvals;

/// <summary>
/// An operation that runs only once a second batch_admin approves it. The request keeps the
/// operation's arguments (<see cref="ApprovalRequest.Subject"/>, JSON), so what runs is exactly what was asked.
/// </summary>
public interface IApprovable
{
    /// <summary>The request's operation name, e.g. GRANT_BATCH_ADMIN.</summary>
    string Operation { get; }

    /// <summary>The permission that requesting and approving both need, besides approve_request for the approver.</summary>
    Permission Permission { get; }

    /// <summary>Refuses a request that cannot run (e.g. the user no longer exists) before it is stored.</summary>
    Task CheckAsync(Caller requester, string subject, CancellationToken ct);

    /// <summary>Runs the approved request; returns what was done, for the trail and the approver.</summary>
    Task<string> ExecuteAsync(Caller approver, ApprovalRequest request, CancellationToken ct);
}
