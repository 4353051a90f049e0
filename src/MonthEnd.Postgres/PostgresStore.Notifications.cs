using Dapper;
using MonthEnd.Core.Notifications;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;

namespace MonthEnd.Postgres;

/// <summary>
/// The notification outbox (<see cref="INotificationOutbox"/>). A claim is one INSERT … ON CONFLICT
/// DO UPDATE … WHERE: of two dispatchers at once, the second waits for the first's row, then finds it
/// leased and changes nothing.
/// </summary>
public sealed partial class PostgresStore : INotificationOutbox
{
    private static readonly string[] NotifyingEvents = [.. NotificationKinds.Events];

    public Task<IReadOnlyList<Notification>> DueNotificationsAsync(string channel, DateTimeOffset since, DateTimeOffset now, int limit, CancellationToken ct) =>
        RunAsync<IReadOnlyList<Notification>>(async (connection, _) => [.. (await connection.QueryAsync<NotificationTimes>(
                SqlText.Get("notifications_due"),
                new { channel, events = NotifyingEvents, since = UtcTime.Of(since), now = UtcTime.Of(now), limit }))
            .Select(r => r.ToNotification(UtcTime.Read(r.OccurredAt), UtcTime.ReadOrNull(r.ExpiresAt)))], ct);

    public Task<int?> ClaimDeliveryAsync(NotificationKey key, string channel, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        RunAsync((connection, _) => connection.QuerySingleOrDefaultAsync<int?>("""
            INSERT INTO notification_delivery AS d (source, source_id, channel, attempts, created_at, next_attempt_at, lease_until)
            VALUES (@source, @id, @channel, 1, @now, @now, @lease)
            ON CONFLICT (source, source_id, channel) DO UPDATE
            SET attempts = d.attempts + 1, lease_until = excluded.lease_until
            WHERE d.delivered_at IS NULL AND d.next_attempt_at <= @now AND coalesce(d.lease_until, '-infinity') <= @now
            RETURNING d.attempts
            """, new { source = key.Source, id = key.Id, channel, now = UtcTime.Of(now), lease = UtcTime.Of(leaseUntil) }), ct);

    public Task MarkDeliveredAsync(NotificationKey key, string channel, DateTimeOffset now, CancellationToken ct) =>
        RunAsync((connection, _) => connection.ExecuteAsync("""
            UPDATE notification_delivery SET delivered_at = @now, lease_until = NULL, last_error = NULL
            WHERE source = @source AND source_id = @id AND channel = @channel AND delivered_at IS NULL
            """, new { source = key.Source, id = key.Id, channel, now = UtcTime.Of(now) }), ct);

    public Task MarkFailedAsync(NotificationKey key, string channel, string error, DateTimeOffset nextAttemptAt, CancellationToken ct) =>
        RunAsync((connection, _) => connection.ExecuteAsync("""
            UPDATE notification_delivery SET last_error = @error, next_attempt_at = @next, lease_until = NULL
            WHERE source = @source AND source_id = @id AND channel = @channel AND delivered_at IS NULL
            """, new { source = key.Source, id = key.Id, channel, error, next = UtcTime.Of(nextAttemptAt) }), ct);

    public Task<IReadOnlyList<NotificationDelivery>> ListDeliveriesAsync(int limit, CancellationToken ct) =>
        RunAsync<IReadOnlyList<NotificationDelivery>>(async (connection, _) => [.. (await connection.QueryAsync<(string Source, long Id, string Channel, int Attempts, DateTime? Delivered, DateTime Next, string? Error)>("""
                SELECT source, source_id, channel, attempts, delivered_at, next_attempt_at, last_error
                FROM notification_delivery ORDER BY created_at DESC, source, source_id, channel LIMIT @limit
                """, new { limit }))
            .Select(r => new NotificationDelivery(new NotificationKey(r.Source, r.Id), r.Channel, r.Attempts, UtcTime.ReadOrNull(r.Delivered), UtcTime.Read(r.Next), r.Error))], ct);
}
