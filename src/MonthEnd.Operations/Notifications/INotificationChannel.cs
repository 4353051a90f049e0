using MonthEnd.Core.Notifications;

namespace MonthEnd.Operations.Notifications;

/// <summary>A way of telling people: sends one notification, or throws; the dispatcher retries.</summary>
public interface INotificationChannel
{
    /// <summary>The channel's name in notification_delivery (<c>webhook</c>, <c>email</c>).</summary>
    string Name { get; }

    Task SendAsync(Notification notification, CancellationToken ct);

    /// <summary>An error as it may be logged and stored: without the channel's secrets (a webhook URL holds a token).</summary>
    string Describe(Exception error);
}
