namespace MonthEnd.Core.Notifications;

/// <summary>What a notification tells: a batch's outcome, or a four-eyes request waiting for a second person.</summary>
public enum NotificationKind
{
    Committed,
    Failed,
    Paused,
    RolledBack,
    Reversed,
    ApprovalWaiting,
}

public static class NotificationKinds
{
    /// <summary>The batch_lifecycle_log events that notify, and what each one tells.</summary>
    public static IReadOnlyDictionary<string, NotificationKind> ByEvent { get; } = new Dictionary<string, NotificationKind>(StringComparer.Ordinal)
    {
        ["BATCH_COMMITTED"] = NotificationKind.Committed,
        ["STATUS_FAILED"] = NotificationKind.Failed,
        ["STATUS_PAUSED"] = NotificationKind.Paused,
        ["STATUS_ROLLED_BACK"] = NotificationKind.RolledBack,
        ["STATUS_REVERSED"] = NotificationKind.Reversed,
    };

    /// <summary>The lifecycle event names the stores select, in a fixed order.</summary>
    public static IReadOnlyList<string> Events { get; } = [.. ByEvent.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The batch status the event left, as the product spells it.</summary>
    public static string? StatusOf(NotificationKind kind) => kind switch
    {
        NotificationKind.Committed => "COMMITTED",
        NotificationKind.Failed => "FAILED",
        NotificationKind.Paused => "PAUSED",
        NotificationKind.RolledBack => "ROLLED_BACK",
        NotificationKind.Reversed => "REVERSED",
        _ => null,
    };
}
