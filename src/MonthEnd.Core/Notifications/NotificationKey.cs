namespace MonthEnd.Core.Notifications;

/// <summary>
/// Which durable fact a notification is derived from: a batch_lifecycle_log row
/// (<see cref="BatchEvent"/>) or an approval_request row (<see cref="Approval"/>), by its id.
/// A delivery is recorded against this key and a channel, so each fact is sent once per channel.
/// </summary>
public sealed record NotificationKey(string Source, long Id)
{
    public const string BatchEvent = "batch_event";
    public const string Approval = "approval";

    public override string ToString() => $"{Source}:{Id}";
}
