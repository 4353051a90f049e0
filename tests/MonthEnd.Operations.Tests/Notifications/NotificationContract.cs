using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Reversal;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Notifications;
using MonthEnd.Operations.Reversal;
using MonthEnd.Operations.Rollback;
using MonthEnd.Operations.Source;
using MonthEnd.Operations.Tests.Contract;
using MonthEnd.Store.Tests.Contract;
using Shouldly;
using Xunit;

namespace MonthEnd.Operations.Tests.Notifications;

/// <summary>
/// Notifications on each store, against receivers this test starts on loopback (an HTTP webhook and
/// an SMTP server): every notifying event reaches each channel exactly once, as the test's own
/// actions say it must; a receiver that fails is tried again later and gets the message once; a dead
/// one leaves the batch alone; and nothing personal or secret is in any message.
/// </summary>
public abstract class NotificationContract(Func<IStoreTarget> targets)
{
    private const string Secret = "T0PSECRET-hook-token";
    private static readonly Period January = new(2025, 1);
    private static readonly Period February = new(2025, 2);
    private static readonly Period March = new(2025, 3);
    private static readonly RuleSet Rules = RuleSetLoader.LoadDefault();
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>What a message says, read back from its text: event, batch, period, status, request.</summary>
    private sealed record Told(string Event, string? Batch, string? Period, string? Status, string? Request);

    [Fact]
    public async Task every_event_reaches_each_channel_exactly_once_with_its_batch_period_and_status_and_no_personal_data()
    {
        await using var webhook = new WebhookReceiver();
        await using var smtp = new SmtpReceiver();
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target, settings: Settings(webhook.Url($"/hooks/{Secret}"), smtp.Port));
        var (alice, bob) = (await host.UserAsync("alice", Role.BatchAdmin), await host.UserAsync("bob", Role.BatchAdmin));
        var expected = new List<Told>();

        await host.Get<SourceOperations>().GenerateAsync(alice, January, 12, 3, 21, Rules, Ct);
        await host.Get<SourceOperations>().GenerateAsync(alice, February, 10, 2, 22, Rules, Ct);
        await host.Get<SourceOperations>().GenerateAsync(alice, March, 5, 1, 23, Rules, Ct);
        var planted = await PlantPersonalDataAsync(target);

        var january = await CommitAsync(host, alice, January);
        expected.Add(new("batch committed", january, "2025-01", "COMMITTED", null));
        var rollback = (await host.Get<RollbackOperations>().RollbackAsync(alice, january, "REASON-PLANTED-rollback", confirm: true, Ct)).Request!;
        expected.Add(new("four-eyes request waiting", january, "2025-01", null, Id(rollback.RequestId)));
        await host.Get<ApprovalOperations>().ApproveAsync(bob, rollback.RequestId, Ct);
        expected.Add(new("batch rolled back", january, "2025-01", "ROLLED_BACK", null));

        var february = await CommitAsync(host, alice, February);
        expected.Add(new("batch committed", february, "2025-02", "COMMITTED", null));
        var broken = await FailedReversalAsync(host, target, february, alice.User);
        expected.Add(new("batch failed validation", broken.BatchId, broken.Period.ToString(), "FAILED", null));
        await host.Get<RollbackOperations>().RollbackAsync(alice, broken.BatchId, "REASON-PLANTED-failed", confirm: true, Ct);
        expected.Add(new("batch rolled back", broken.BatchId, broken.Period.ToString(), "ROLLED_BACK", null));
        var reversal = await host.Get<ReversalOperations>().RequestAsync(alice, february, "2025-02-28", false, "REASON-PLANTED-reversal", Ct);
        expected.Add(new("four-eyes request waiting", february, "2025-02", null, Id(reversal.RequestId)));
        await host.Get<ApprovalOperations>().ApproveAsync(bob, reversal.RequestId, Ct);
        expected.Add(new("batch reversed", february, "2025-02", "REVERSED", null));

        await host.Store.SaveRuleSetAsync(Rules, alice.User, Ct);
        var (march, _) = await new Preflight(host.Store).PlanAsync(
            new RunRequest(March, null, Rules, alice.User, new RunSettings { Workers = 1, ChunkSize = 10 }), "2025-03-MONTHEND", Ct);
        // A record cancelled after planning fails its partition: the engine pauses the batch itself (more than 20% failed).
        await target.ExecuteAsync("UPDATE premium_transaction SET status = 'CANCELLED' WHERE txn_id = (SELECT max(txn_id) FROM premium_transaction)");
        var paused = await host.Get<BatchOperations>().RunAsync(alice, new RunRequest(March, march!.BatchId, Rules, alice.User,
            new RunSettings { Workers = 1, ChunkSize = 10, PollInterval = TimeSpan.FromMilliseconds(20) }), null, Ct);
        paused.Outcome.Result.ShouldBe(RunResult.Paused, paused.Outcome.Message);
        expected.Add(new("batch paused", march.BatchId, "2025-03", "PAUSED", null));

        // Two dispatchers at once, as `serve` and a `notify --follow` elsewhere would be: still one message per fact and channel.
        await using var second = target.OpenStore();
        var passes = await Task.WhenAll(
            host.Get<NotificationDispatcher>().PassAsync(Ct),
            Dispatcher(host, (INotificationOutbox)second, TimeProvider.System).PassAsync(Ct));
        passes.Sum(p => p.Delivered).ShouldBe(expected.Count * 2);
        (await host.Get<NotificationDispatcher>().PassAsync(Ct)).Delivered.ShouldBe(0, "nothing is due twice");

        var hooks = webhook.Accepted.Select(WebhookText).ToList();
        var mails = smtp.Received.Select(MailText).ToList();
        hooks.Select(Read).ShouldBe(expected, ignoreOrder: true);
        mails.Select(Read).ShouldBe(expected, ignoreOrder: true);
        hooks.Single(h => h.Contains("batch failed", StringComparison.Ordinal)).ShouldContain($"failed check: {CheckCode.EntryContent}");
        mails.Single(m => m.Contains("batch paused", StringComparison.Ordinal)).ShouldContain("1 failed)");
        foreach (var message in webhook.Accepted.Concat(smtp.Received))
        {
            foreach (var value in planted.Concat([Secret, "REASON-PLANTED", "source changed", host.AuditKey, "a long enough password", host.Store.Description]))
            {
                message.ShouldNotContain(value, Case.Insensitive, "no personal data, reason text or secret in a message");
            }
        }

        var deliveries = await host.Get<INotificationOutbox>().ListDeliveriesAsync(100, Ct);
        deliveries.Count.ShouldBe(expected.Count * 2);
        deliveries.ShouldAllBe(d => d.DeliveredAt != null && d.Attempts == 1 && d.LastError == null);
    }

    [Fact]
    public async Task a_failing_receiver_is_tried_again_after_its_backoff_and_gets_the_message_once_it_answers()
    {
        await using var webhook = new WebhookReceiver { Status = System.Net.HttpStatusCode.InternalServerError };
        await using var smtp = new SmtpReceiver();
        smtp.Stop();
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target, settings: Settings(webhook.Url($"/hooks/{Secret}"), smtp.Port));
        var alice = await host.UserAsync("alice", Role.BatchAdmin);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 6, 2, 31, Rules, Ct);
        var january = await CommitAsync(host, alice, January);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var dispatcher = Dispatcher(host, host.Get<INotificationOutbox>(), clock);

        var failed = await dispatcher.PassAsync(Ct);

        failed.Failed.ShouldBe(2, "the webhook answered 500, the SMTP port refused the connection");
        webhook.Requests.ShouldBe(2, "one quick retry within the pass (Polly), then the delivery waits");
        var pending = await host.Get<INotificationOutbox>().ListDeliveriesAsync(10, Ct);
        pending.Select(d => d.Channel).ShouldBe(["email", "webhook"], ignoreOrder: true);
        pending.ShouldAllBe(d => d.DeliveredAt == null && d.Attempts == 1 && d.NextAttemptAt >= clock.GetUtcNow().AddSeconds(59));
        pending.Single(d => d.Channel == "webhook").LastError!.ShouldContain("500");
        pending.ShouldAllBe(d => !d.LastError!.Contains(Secret));

        webhook.Status = System.Net.HttpStatusCode.OK;
        smtp.Start();
        (await dispatcher.PassAsync(Ct)).Delivered.ShouldBe(0, "not before its next attempt");
        webhook.Requests.ShouldBe(2);
        clock.Advance(TimeSpan.FromMinutes(2));
        (await dispatcher.PassAsync(Ct)).Delivered.ShouldBe(2);
        clock.Advance(TimeSpan.FromHours(1));
        (await dispatcher.PassAsync(Ct)).Delivered.ShouldBe(0);

        webhook.Accepted.Select(b => Read(WebhookText(b))).ShouldBe([new Told("batch committed", january, "2025-01", "COMMITTED", null)]);
        smtp.Received.Select(m => Read(MailText(m))).ShouldBe([new Told("batch committed", january, "2025-01", "COMMITTED", null)]);
        (await host.Get<INotificationOutbox>().ListDeliveriesAsync(10, Ct)).ShouldAllBe(d => d.DeliveredAt != null && d.Attempts == 2 && d.LastError == null);
    }

    [Fact]
    public async Task a_dead_receiver_leaves_the_batch_to_commit_and_its_delivery_pending()
    {
        await using var webhook = new WebhookReceiver { Hang = true };
        await using var smtp = new SmtpReceiver();
        smtp.Stop();
        await using var target = targets();
        await using var host = await OperationsHost.StartAsync(target, settings: Settings(webhook.Url(), smtp.Port, timeout: "0.5", retries: "0"));
        var alice = await host.UserAsync("alice", Role.BatchAdmin);
        await host.Get<SourceOperations>().GenerateAsync(alice, January, 30, 5, 41, Rules, Ct);
        using var stop = new CancellationTokenSource();
        var following = host.Get<NotificationOperations>().FollowAsync(alice, TimeSpan.FromMilliseconds(50), _ => { }, _ => { }, stop.Token);

        var january = await CommitAsync(host, alice, January);
        await stop.CancelAsync();
        try
        {
            await following;
        }
        catch (OperationCanceledException)
        {
            // Stopped, as the test asked.
        }

        var pass = await host.Get<NotificationOperations>().SendDueAsync(alice, Ct);

        (await host.Store.FindBatchAsync(january, Ct))!.Status.ShouldBe(BatchStatus.Committed);
        (await target.CountAsync("SELECT count(*) FROM journal_entry_header WHERE batch_id = @january", new { january })).ShouldBe(30 * 3 + 5);
        pass.Delivered.ShouldBe(0);
        webhook.Accepted.ShouldBeEmpty();
        var deliveries = await host.Get<INotificationOutbox>().ListDeliveriesAsync(10, Ct);
        deliveries.Select(d => d.Channel).ShouldBe(["email", "webhook"], ignoreOrder: true);
        deliveries.ShouldAllBe(d => d.DeliveredAt == null && d.Attempts >= 1 && d.LastError != null);
        deliveries.Single(d => d.Channel == "webhook").LastError.ShouldBe("timed out");
    }

    private static IEnumerable<KeyValuePair<string, string?>> Settings(string webhook, int smtpPort, string timeout = "5", string retries = "1") =>
    [
        new("Notifications:Webhook:Url", webhook),
        new("Notifications:Smtp:Host", "127.0.0.1"),
        new("Notifications:Smtp:Port", smtpPort.ToString(CultureInfo.InvariantCulture)),
        new("Notifications:Smtp:From", "monthend@example.test"),
        new("Notifications:Smtp:To", "finance-ops@example.test; dba@example.test"),
        new("Notifications:Smtp:UseTls", "false"),
        new("Notifications:SendTimeoutSeconds", timeout),
        new("Notifications:RetriesPerPass", retries),
        new("Notifications:RetryFirstSeconds", "60"),
    ];

    private static NotificationDispatcher Dispatcher(OperationsHost host, INotificationOutbox outbox, TimeProvider clock)
    {
        var options = host.Get<IOptions<NotificationOptions>>();
        return new NotificationDispatcher(outbox, new NotificationChannels(options), options, clock, NullLogger<NotificationDispatcher>.Instance);
    }

    private static async Task<string> CommitAsync(OperationsHost host, Caller caller, Period period)
    {
        var run = await host.Get<BatchOperations>().RunAsync(caller,
            new RunRequest(period, null, Rules, caller.User, new RunSettings { Workers = 2, ChunkSize = 4, PollInterval = TimeSpan.FromMilliseconds(20) }), null, Ct);
        run.Outcome.Result.ShouldBe(RunResult.Committed, run.Outcome.Message);
        return run.Outcome.Batch!.BatchId;
    }

    /// <summary>A reversal whose staged mirror was edited by hand: its commit fails ENTRY_CONTENT (the engine's own failure, no operator involved).</summary>
    private static async Task<BatchRecord> FailedReversalAsync(OperationsHost host, IStoreTarget target, string batchId, string user)
    {
        var reversals = host.Get<IBatchReversal>();
        var staged = await reversals.StageReversalAsync(
            await reversals.PlanReversalAsync(new ReversalRequest(batchId, new DateOnly(2025, 2, 27), false, user), Ct), Ct);
        await target.ExecuteOnStagingAsync(staged.Batch, 1, "UPDATE {line} SET account_code = '5101' WHERE je_id = @je AND line_number = 1",
            new { je = staged.Batch.Sequence.First + 2 });
        var outcome = await reversals.CommitReversalAsync(staged, user, Ct);
        outcome.Batch.Status.ShouldBe(BatchStatus.Failed);
        return outcome.Batch;
    }

    /// <summary>Distinctive account numbers and holder ids on every source row, and the amounts of single records: none may be in a message.</summary>
    private static async Task<List<string>> PlantPersonalDataAsync(IStoreTarget target)
    {
        await target.ExecuteAsync("UPDATE premium_transaction SET account_number = 'ACCT-PLANTED-' || txn_id, policy_holder_id = 'HOLDER-PLANTED-' || txn_id");
        await target.ExecuteAsync("UPDATE claims_transaction SET account_number = 'ACCT-PLANTED-C' || claim_id, policy_holder_id = 'HOLDER-PLANTED-C' || claim_id");
        var amounts = (await target.RowsAsync($"""
            SELECT {target.InSen("premium_amount")} FROM premium_transaction UNION SELECT {target.InSen("claim_amount")} FROM claims_transaction
            """)).Select(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture)).Where(a => a >= 10_000).ToList();
        amounts.ShouldNotBeEmpty();
        return ["ACCT-PLANTED", "HOLDER-PLANTED", .. amounts.Select(a => (a / 100m).ToString("N2", CultureInfo.InvariantCulture)),
            .. amounts.Select(a => (a / 100m).ToString("0.00", CultureInfo.InvariantCulture)), .. amounts.Select(a => a.ToString(CultureInfo.InvariantCulture))];
    }

    private static string WebhookText(string body)
    {
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("blocks").GetArrayLength().ShouldBeGreaterThan(1, "Slack blocks beside the text");
        return json.RootElement.GetProperty("text").GetString()!;
    }

    // The plain-text body after the headers (7bit: short ASCII lines).
    private static string MailText(string data) => data[(data.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];

    private static Told Read(string text)
    {
        var facts = text.Split('\n').Select(l => l.Split(": ", 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        return new(facts["event"], facts.GetValueOrDefault("batch"), facts.GetValueOrDefault("period"), facts.GetValueOrDefault("status"), facts.GetValueOrDefault("request"));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
