using MonthEnd.Core.Notifications;

namespace MonthEnd.Core.Storage;

/// <summary>
/// The notification outbox: notifications derived from facts the product writes anyway (batch
/// lifecycle events, four-eyes requests), and the delivery state of each one per channel. Nothing
/// that writes those facts knows about notifications, so no batch waits for or fails with a send.
/// A delivery is claimed (a lease, so two dispatchers do not send it at once), then marked delivered
/// or failed with its next attempt; once marked delivered it is never handed out again.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>
    /// Notifications due on <paramref name="channel"/> at <paramref name="now"/>, oldest first: facts
    /// written since <paramref name="since"/> with no delivery on the channel yet, or one not delivered
    /// whose next attempt has come and whose lease (if any) has run out.
    /// </summary>
    Task<IReadOnlyList<Notification>> DueNotificationsAsync(string channel, DateTimeOffset since, DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>
    /// Takes a due delivery for this dispatcher until <paramref name="leaseUntil"/> and counts the
    /// attempt: the attempt's number, or null when it is not due (delivered, leased by another, not yet time).
    /// </summary>
    Task<int?> ClaimDeliveryAsync(NotificationKey key, string channel, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Records that the receiver acknowledged the notification.</summary>
    Task MarkDeliveredAsync(NotificationKey key, string channel, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records a failed attempt and when to try again; the lease is released.</summary>
    Task MarkFailedAsync(NotificationKey key, string channel, string error, DateTimeOffset nextAttemptAt, CancellationToken ct);

    /// <summary>Delivery states, the most recently created first.</summary>
    Task<IReadOnlyList<NotificationDelivery>> ListDeliveriesAsync(int limit, CancellationToken ct);
}
