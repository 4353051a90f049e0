using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Notifications;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// `monthend notify [--follow]`: sends the due notifications once (exit 0 when none failed, 1 when a
/// channel failed: it is retried by a later pass), or keeps sending until stopped, for deployments
/// that run no `serve`. Needs send_notifications.
/// </summary>
internal static class NotifyCommand
{
    public static Command Create(Option<string?> db)
    {
        var follow = new Option<bool>("--follow") { Description = "Keep sending as notifications fall due (every Notifications:PollSeconds) until stopped" };
        var json = CliOptions.Json();
        var command = new Command("notify", "Send the due notifications (batch committed, failed, paused, rolled back, reversed; four-eyes request waiting) to the configured webhook and e-mail (send_notifications)")
        {
            follow, json,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var notifications = host.Get<NotificationOperations>();
            var asJson = parse.GetValue(json);
            if (notifications.Channels.Count == 0)
            {
                throw new CliError(ExitCode.Usage, "no notification channel is configured: set Notifications:Webhook:Url or Notifications:Smtp:Host/From/To (docs/operations-notify.md)");
            }

            if (!parse.GetValue(follow))
            {
                var pass = await notifications.SendDueAsync(caller, ct);
                Show(pass, asJson);
                return pass.Failed == 0 ? ExitCode.Ok : ExitCode.Error;
            }

            var interval = TimeSpan.FromSeconds(Math.Max(0.05, host.Get<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.PollSeconds));
            try
            {
                await notifications.FollowAsync(caller, interval, pass => Show(pass, asJson), e => Console.Error.WriteLine($"error: {e.Message}"), ct);
            }
            catch (OperationCanceledException) when (Interruption.Signal is not null)
            {
                // Stopped by a signal between or inside passes: a send cut short is retried by the next dispatcher.
            }

            return Interruption.Signal is null ? ExitCode.Ok : Interruption.ExitCode;
        }));
        return command;
    }

    private static void Show(DispatchPass pass, bool asJson)
    {
        if (asJson)
        {
            Json.Write(new { channels = pass.Channels.Select(c => new { channel = c.Channel, delivered = c.Delivered, failed = c.Failed, busy = c.Busy, last_error = c.LastError }) });
            return;
        }

        foreach (var c in pass.Channels)
        {
            Console.WriteLine($"{c.Channel}: {c.Delivered} delivered, {c.Failed} failed{(c.Busy > 0 ? $", {c.Busy} held by another dispatcher" : "")}{(c.LastError is null ? "" : $" ({c.LastError}); retried later")}");
        }
    }
}
