using MonthEnd.Core.Notifications;

namespace MonthEnd.Sqlite.Rows;

/// <summary>A due notification's row with its times as SQLite keeps them (text).</summary>
internal sealed class NotificationTimes : NotificationRow
{
    public string OccurredAt { get; set; } = "";

    public string? ExpiresAt { get; set; }
}
