using System.Globalization;
using MonthEnd.Core.Security;

namespace MonthEnd.Core.Approvals;

/// <summary>
/// Why a decision or a completion changed nothing, worded once for both stores from the request as
/// it is after the store's conditional write missed (<see cref="Storage.ApprovalStateException.Reason"/>).
/// </summary>
public static class ApprovalRefusal
{
    public const string NoSuchRequest = "no such request";

    /// <summary>A PENDING request past its expiry: the store marks it EXPIRED when a decision finds it so.</summary>
    public static bool HasLapsed(ApprovalRequest? request, DateTimeOffset now) =>
        request is { Status: ApprovalStatus.Pending } && request.ExpiresAt <= now;

    /// <summary>
    /// Why <paramref name="decidedBy"/> could not decide <paramref name="request"/> at <paramref name="now"/>;
    /// the facts of the request come before who asks, so a lapsed request is reported expired to anyone.
    /// </summary>
    public static string OfDecision(ApprovalRequest? request, string decidedBy, bool approve, DateTimeOffset now) => request switch
    {
        null => NoSuchRequest,
        _ when HasLapsed(request, now) || request.Status == ApprovalStatus.Expired => $"expired at {Time(request.ExpiresAt)}",
        { Status: not ApprovalStatus.Pending } => $"already {Decision(request)}",
        _ when UserNames.Same(request.RequestedBy, decidedBy) => $"the requester cannot {(approve ? "approve" : "reject")} their own request",
        // The conditional write missed, yet the request reads as decidable: only a store bug gets here.
        _ => "the request changed while it was being decided; read it again",
    };

    /// <summary>Why <paramref name="request"/> cannot be completed: only an APPROVED request can.</summary>
    public static string OfCompletion(ApprovalRequest? request) => request switch
    {
        null => NoSuchRequest,
        { Status: var status } when status.IsCompletion() => $"already {Decision(request)}",
        { Status: var status } => $"is {status.Code()}, not APPROVED",
    };

    /// <summary>"APPROVED by bob at …", and for a completed request what became of it.</summary>
    private static string Decision(ApprovalRequest request)
    {
        var decided = request.Status.IsCompletion() ? ApprovalStatus.Approved : request.Status;
        var text = $"{decided.Code()} by {request.DecidedBy} at {Time(request.DecidedAt)}";
        return request.Status.IsCompletion() ? $"{text}, then {request.Status.Code()}" : text;
    }

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture) ?? "an unknown time";
}
