using System.Globalization;
using Dapper;
using MonthEnd.Core.Notifications;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore : INotificationOutbox
{
    private static readonly string NotifyingEvents = System.Text.Json.JsonSerializer.Serialize(NotificationKinds.Events);

    public Task<IReadOnlyList<Notification>> DueNotificationsAsync(string channel, DateTimeOffset since, DateTimeOffset now, int limit, CancellationToken ct)
    {
        using var connection = Database.Open();
        var rows = connection.Query<NotificationTimes>(SqlText.Get("notifications_due"), new
        {
            channel, events = NotifyingEvents, limit, now = now.ToUnixTimeMilliseconds(),
            // batch_lifecycle_log keeps milliseconds, approval_request microseconds: each compared in its own text form.
            sinceEvent = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            sinceRequest = UtcText.Of(since),
        });
        return Task.FromResult<IReadOnlyList<Notification>>([.. rows.Select(r => r.ToNotification(MasterRow.Time(r.OccurredAt)!.Value, UtcText.ParseOrNull(r.ExpiresAt)))]);
    }

    public Task<int?> ClaimDeliveryAsync(NotificationKey key, string channel, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        WriteAsync((connection, transaction) => connection.QuerySingleOrDefault<int?>("""
            INSERT INTO notification_delivery (source, source_id, channel, attempts, created_at_ms, next_attempt_ms, lease_until_ms)
            VALUES (@source, @id, @channel, 1, @now, @now, @lease)
            ON CONFLICT (source, source_id, channel) DO UPDATE
            SET attempts = attempts + 1, lease_until_ms = excluded.lease_until_ms
            WHERE delivered_at_ms IS NULL AND next_attempt_ms <= @now AND coalesce(lease_until_ms, 0) <= @now
            RETURNING attempts
            """, new { source = key.Source, id = key.Id, channel, now = now.ToUnixTimeMilliseconds(), lease = leaseUntil.ToUnixTimeMilliseconds() },
            transaction), ct);

    public Task MarkDeliveredAsync(NotificationKey key, string channel, DateTimeOffset now, CancellationToken ct) =>
        WriteAsync((connection, transaction) => connection.Execute("""
            UPDATE notification_delivery SET delivered_at_ms = @now, lease_until_ms = NULL, last_error = NULL
            WHERE source = @source AND source_id = @id AND channel = @channel AND delivered_at_ms IS NULL
            """, new { source = key.Source, id = key.Id, channel, now = now.ToUnixTimeMilliseconds() }, transaction), ct);

    public Task MarkFailedAsync(NotificationKey key, string channel, string error, DateTimeOffset nextAttemptAt, CancellationToken ct) =>
        WriteAsync((connection, transaction) => connection.Execute("""
            UPDATE notification_delivery SET last_error = @error, next_attempt_ms = @next, lease_until_ms = NULL
            WHERE source = @source AND source_id = @id AND channel = @channel AND delivered_at_ms IS NULL
            """, new { source = key.Source, id = key.Id, channel, error, next = nextAttemptAt.ToUnixTimeMilliseconds() }, transaction), ct);

    public Task<IReadOnlyList<NotificationDelivery>> ListDeliveriesAsync(int limit, CancellationToken ct)
    {
        using var connection = Database.Open();
        var rows = connection.Query<(string Source, long Id, string Channel, long Attempts, long? Delivered, long Next, string? Error)>("""
            SELECT source, source_id, channel, attempts, delivered_at_ms, next_attempt_ms, last_error
            FROM notification_delivery ORDER BY created_at_ms DESC, source, source_id, channel LIMIT @limit
            """, new { limit });
        return Task.FromResult<IReadOnlyList<NotificationDelivery>>([.. rows.Select(r => new NotificationDelivery(
            new NotificationKey(r.Source, r.Id), r.Channel, (int)r.Attempts,
            r.Delivered is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null, DateTimeOffset.FromUnixTimeMilliseconds(r.Next), r.Error))]);
    }
}
