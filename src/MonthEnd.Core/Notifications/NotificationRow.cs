namespace MonthEnd.Core.Notifications;

/// <summary>
/// A due notification as both stores' query returns it (Dapper fills it); each store adds its
/// two times in its own column types and turns the row into a <see cref="Notification"/> here.
/// </summary>
public class NotificationRow
{
    public string Source { get; set; } = "";

    public long Id { get; set; }

    public string Event { get; set; } = "";

    public string? BatchId { get; set; }

    public string? Period { get; set; }

    public string? BatchKind { get; set; }

    public long? ExpectedEntries { get; set; }

    public long? CommittedEntries { get; set; }

    public long? Premiums { get; set; }

    public long? Claims { get; set; }

    public long? Partitions { get; set; }

    public long? FailedPartitions { get; set; }

    public string? FailedCheck { get; set; }

    public long? RequestId { get; set; }

    public string? Operation { get; set; }

    public string? RequestedBy { get; set; }

    public Notification ToNotification(DateTimeOffset occurredAt, DateTimeOffset? expiresAt)
    {
        var key = new NotificationKey(Source, Id);
        if (Source == NotificationKey.Approval)
        {
            var request = new WaitingRequest(RequestId ?? Id, Operation ?? "", RequestedBy ?? "", expiresAt ?? occurredAt);
            return new Notification(key, NotificationKind.ApprovalWaiting, occurredAt, BatchId, Period, BatchKind, null, null, request);
        }

        var counts = ExpectedEntries is { } expected
            ? new BatchCounts(expected, CommittedEntries, Premiums ?? 0, Claims ?? 0, Partitions ?? 0, FailedPartitions ?? 0)
            : null;
        return new Notification(key, NotificationKinds.ByEvent[Event], occurredAt, BatchId, Period, BatchKind, counts, FailedCheck, null);
    }
}
