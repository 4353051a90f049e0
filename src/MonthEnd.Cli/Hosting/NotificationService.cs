using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonthEnd.Operations.Notifications;

namespace MonthEnd.Cli.Hosting;

/// <summary>
/// `serve`'s notification dispatcher: passes over the outbox every Notifications:PollSeconds while
/// the server runs, as `monthend notify --follow` does. It reads facts the batches write anyway, so
/// no batch waits for it; a failing pass (database away, a receiver down) is logged and the next one
/// tries again. With no channel configured it does nothing.
/// </summary>
public sealed partial class NotificationService(NotificationOperations notifications, IOptions<NotificationOptions> options, ILogger<NotificationService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<string> channels;
        try
        {
            channels = notifications.Channels;
        }
        catch (InvalidOperationException e)
        {
            LogMisconfigured(log, e.Message);
            return;
        }

        if (channels.Count == 0)
        {
            return;
        }

        LogStarted(log, channels);
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.PollSeconds));
        try
        {
            await notifications.FollowAsync(NotificationOperations.Server, interval,
                pass => LogPass(log, pass.Delivered, pass.Failed), e => LogPassFailed(log, e.Message), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification dispatcher started for {Channels}")]
    private static partial void LogStarted(ILogger logger, IReadOnlyList<string> channels);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notifications are off: {Problem}")]
    private static partial void LogMisconfigured(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification pass: {Delivered} delivered, {Failed} failed")]
    private static partial void LogPass(ILogger logger, int delivered, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification pass failed: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string error);
}
