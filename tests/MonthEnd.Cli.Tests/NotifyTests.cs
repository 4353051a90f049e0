using System.Net;
using System.Net.Sockets;
using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Tests.Notifications;

namespace MonthEnd.Cli.Tests;

/// <summary>
/// Notifications through the real executables: `serve`'s background dispatcher and `monthend notify`
/// read their settings from appsettings.json, and between them a fact is sent once.
/// </summary>
public sealed class NotifyTests
{
    [Fact]
    public async Task serve_sends_a_committed_batch_to_the_webhook_and_notify_then_finds_nothing_due_and_without_a_channel_exits_64()
    {
        await using var webhook = new WebhookReceiver();
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 12, claims: 2);
        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        (await ws.CliAsync("notify")).ShouldExitWith(ExitCode.Usage).Stderr.ShouldContain("Notifications:Webhook:Url");

        await File.WriteAllTextAsync(Path.Combine(ws.Directory, "appsettings.json"),
            $$"""{ "Notifications": { "Webhook": { "Url": "{{webhook.Url("/hooks/T0PSECRET")}}" }, "PollSeconds": 0.2 } }""");
        using (var serve = ws.Start("serve", "--urls", $"http://127.0.0.1:{FreePort()}"))
        {
            await Poll.WhileRunningAsync(serve, "the webhook got the commit", () => webhook.Accepted.IsEmpty ? (bool?)null : true);
            Signals.Send(serve, "TERM");
            (await serve.WaitAsync()).ShouldExitWith(ExitCode.Ok);
        }

        var again = (await ws.CliAsync("notify", "--json")).ShouldExitWith(0);

        again.Stdout.ShouldContain("\"delivered\": 0");
        webhook.Accepted.Count.ShouldBe(1);
        webhook.Accepted.Single().ShouldContain("2025-01-MONTHEND");
        using var db = ws.Open();
        db.ExecuteScalar<long>("SELECT count(*) FROM notification_delivery WHERE channel = 'webhook' AND delivered_at_ms IS NOT NULL").ShouldBe(1);
        db.Query<string>("SELECT performed_by FROM audit_batch_operations WHERE operation = 'SEND_NOTIFICATIONS' AND status = 'SUCCESS' ORDER BY audit_id")
            .ShouldBe(["monthend-serve", TestIdentity.Admin]);
    }

    [Fact]
    public async Task notify_follow_sends_a_batch_committed_by_another_process_once_and_sigterm_ends_it_with_exit_143()
    {
        await using var webhook = new WebhookReceiver();
        using var ws = new Workspace();
        await ws.InitAndGenerateAsync("2025-01", premiums: 12, claims: 2);
        await File.WriteAllTextAsync(Path.Combine(ws.Directory, "appsettings.json"),
            $$"""{ "Notifications": { "Webhook": { "Url": "{{webhook.Url("/hooks/F0LLOW")}}" }, "PollSeconds": 0.2 } }""");

        using var follower = ws.Start("notify", "--follow", "--json");
        (await ws.CliAsync("run", "--period", "2025-01")).ShouldExitWith(0);
        await Poll.WhileRunningAsync(follower, "the follower sent the commit", () => webhook.Accepted.IsEmpty ? (bool?)null : true);
        // Several more passes (every 0.2 s) find the fact already delivered: it is not sent again.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Signals.Send(follower, "TERM");
        var ended = await follower.WaitAsync();

        ended.ShouldExitWith(ExitCode.Terminated);
        ended.Stderr.ShouldNotContain("error:");
        webhook.Accepted.ShouldHaveSingleItem().ShouldContain("2025-01-MONTHEND");
        using var db = ws.Open();
        db.ExecuteScalar<long>("SELECT count(*) FROM notification_delivery WHERE channel = 'webhook' AND delivered_at_ms IS NOT NULL").ShouldBe(1);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
