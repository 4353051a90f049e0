using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Notifications;
using MonthEnd.Core.Storage;
using Polly;
using Polly.Retry;

namespace MonthEnd.Operations.Notifications;

/// <summary>
/// One pass over the outbox: per channel, the due notifications oldest first, each claimed (a lease,
/// so two dispatchers never send the same one at once), sent with a timeout and a few quick retries
/// (Polly), then marked delivered, or failed with its next attempt doubling per failed pass. A failing
/// channel stops for this pass and the rest of its notifications wait; other channels go on. A
/// dispatcher dying between a receiver's acknowledgement and the mark sends that one again when
/// its lease runs out: delivery is at least once, and exactly once for every acknowledgement recorded.
/// </summary>
public sealed partial class NotificationDispatcher(
    INotificationOutbox outbox, NotificationChannels channels, IOptions<NotificationOptions> options, TimeProvider clock,
    ILogger<NotificationDispatcher> log)
{
    private readonly ResiliencePipeline _send = Pipeline(options.Value);

    public IReadOnlyList<string> Channels => [.. channels.Configured.Select(c => c.Name)];

    public async Task<DispatchPass> PassAsync(CancellationToken ct)
    {
        var passes = new List<ChannelPass>();
        foreach (var channel in channels.Configured)
        {
            passes.Add(await DeliverAsync(channel, ct));
        }

        return new DispatchPass(passes);
    }

    private async Task<ChannelPass> DeliverAsync(INotificationChannel channel, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var due = await outbox.DueNotificationsAsync(channel.Name, now - TimeSpan.FromHours(o.MaxAgeHours), now, o.PassLimit, ct);
        var (delivered, busy) = (0, 0);
        foreach (var notification in due)
        {
            now = clock.GetUtcNow();
            if (await outbox.ClaimDeliveryAsync(notification.Key, channel.Name, now, now + Lease(o), ct) is not { } attempt)
            {
                busy++;
                continue;
            }

            try
            {
                await _send.ExecuteAsync(async token => await channel.SendAsync(notification, token), ct);
            }
            catch (Exception e) when (ct.IsCancellationRequested)
            {
                // Stopped mid-send (whatever the send threw then): the lease is given back, so the next dispatcher need not wait for it to run out.
                await outbox.MarkFailedAsync(notification.Key, channel.Name, "interrupted", clock.GetUtcNow(), CancellationToken.None);
                throw new OperationCanceledException("the notification pass was stopped", e, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var error = channel.Describe(e);
                var wait = DeliveryBackoff.After(attempt, TimeSpan.FromSeconds(o.RetryFirstSeconds), TimeSpan.FromSeconds(o.RetryMaxSeconds), Random.Shared.NextDouble());
                await outbox.MarkFailedAsync(notification.Key, channel.Name, error, clock.GetUtcNow() + wait, CancellationToken.None);
                LogFailed(log, channel.Name, notification.Key, attempt, wait, error);
                return new ChannelPass(channel.Name, delivered, 1, busy, error);
            }

            // Acknowledged: recorded even if the pass is being stopped, so it is not sent twice.
            await outbox.MarkDeliveredAsync(notification.Key, channel.Name, clock.GetUtcNow(), CancellationToken.None);
            LogDelivered(log, channel.Name, notification.Key, notification.Kind, notification.BatchId);
            delivered++;
        }

        return new ChannelPass(channel.Name, delivered, 0, busy, null);
    }

    // Long enough for every try of one send and the waits between them.
    private static TimeSpan Lease(NotificationOptions o) =>
        TimeSpan.FromSeconds(Math.Max(60, (o.RetriesPerPass + 1) * (o.SendTimeoutSeconds + 2) * 2));

    private static ResiliencePipeline Pipeline(NotificationOptions o)
    {
        var builder = new ResiliencePipelineBuilder();
        if (o.RetriesPerPass > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = o.RetriesPerPass,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
            });
        }

        return builder.AddTimeout(TimeSpan.FromSeconds(o.SendTimeoutSeconds)).Build();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Key} delivered on {Channel}")]
    private static partial void LogDelivered(ILogger logger, string channel, NotificationKey key, NotificationKind kind, string? batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Key} not delivered on {Channel} (attempt {Attempt}); next try in {Wait}: {Error}")]
    private static partial void LogFailed(ILogger logger, string channel, NotificationKey key, int attempt, TimeSpan wait, string error);
}
