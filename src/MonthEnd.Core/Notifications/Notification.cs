namespace MonthEnd.Core.Notifications;

/// <summary>
/// A notification as data, read from the facts the product already keeps. It holds identifiers,
/// statuses and counts only: no holder names, account numbers, single amounts, reasons typed by a
/// person or error texts (those may quote a record), nothing secret.
/// </summary>
/// <param name="Key">The fact it comes from; the delivery's identity.</param>
/// <param name="Kind">What happened.</param>
/// <param name="OccurredAt">When the fact was written (database time).</param>
/// <param name="BatchId">The batch concerned (for a request, the batch its subject names, if any).</param>
/// <param name="Period">The batch's period, YYYY-MM.</param>
/// <param name="BatchKind">MONTHEND or REVERSAL.</param>
/// <param name="Counts">The batch's counts, when there is a batch.</param>
/// <param name="FailedCheck">The code of the first failed validation check of the batch's last validation run.</param>
/// <param name="Request">The four-eyes request, for <see cref="NotificationKind.ApprovalWaiting"/>.</param>
public sealed record Notification(
    NotificationKey Key,
    NotificationKind Kind,
    DateTimeOffset OccurredAt,
    string? BatchId,
    string? Period,
    string? BatchKind,
    BatchCounts? Counts,
    string? FailedCheck,
    WaitingRequest? Request)
{
    /// <summary>The status the event left the batch in (not the status it has now).</summary>
    public string? Status => NotificationKinds.StatusOf(Kind);
}

/// <summary>A batch's sizes: expected and committed entries, source records, partitions and how many failed.</summary>
public sealed record BatchCounts(long ExpectedEntries, long? CommittedEntries, long Premiums, long Claims, long Partitions, long FailedPartitions);

/// <summary>A four-eyes request waiting: its id, the operation it asks for, who asked, until when.</summary>
public sealed record WaitingRequest(long RequestId, string Operation, string RequestedBy, DateTimeOffset ExpiresAt);
