namespace MonthEnd.Core.Notifications;

/// <summary>The state of one notification's delivery on one channel (notification_delivery).</summary>
public sealed record NotificationDelivery(
    NotificationKey Key,
    string Channel,
    int Attempts,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset NextAttemptAt,
    string? LastError);
