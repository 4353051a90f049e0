using MonthEnd.Core.Notifications;

namespace MonthEnd.Postgres.Rows;

/// <summary>A due notification's row with its times as PostgreSQL gives them (timestamptz).</summary>
internal sealed class NotificationTimes : NotificationRow
{
    public DateTime OccurredAt { get; set; }

    public DateTime? ExpiresAt { get; set; }
}
