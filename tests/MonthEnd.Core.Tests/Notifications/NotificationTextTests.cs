using System.Text.Json;
using MonthEnd.Core.Notifications;
using Shouldly;
using Xunit;

namespace MonthEnd.Core.Tests.Notifications;

public sealed class NotificationTextTests
{
    private static readonly DateTimeOffset At = new(2025, 2, 1, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void a_requester_named_like_a_slack_mention_is_escaped_and_control_characters_do_not_start_new_lines()
    {
        var request = new WaitingRequest(7, "ROLLBACK_COMMITTED_BATCH", "<!channel>\nstatus: COMMITTED", At.AddDays(1));
        var waiting = new Notification(new NotificationKey(NotificationKey.Approval, 7), NotificationKind.ApprovalWaiting, At, "2025-01-MONTHEND", "2025-01",
            "MONTHEND", null, null, request);

        var json = JsonDocument.Parse(SlackMessage.Json(waiting)).RootElement;
        var text = json.GetProperty("text").GetString()!;

        text.ShouldNotContain("<!channel>");
        text.ShouldContain("&lt;!channel&gt;");
        text.Split('\n').ShouldNotContain("status: COMMITTED", "a forged line");
        json.GetProperty("blocks").EnumerateArray().SelectMany(Texts).ShouldAllBe(t => !t.Contains("<!channel>"));
        NotificationText.Plain(waiting).Split('\n').Count(l => l.StartsWith("status:", StringComparison.Ordinal)).ShouldBe(0);
    }

    [Fact]
    public void a_failed_batch_names_its_status_check_and_counts_and_nothing_else()
    {
        var failed = new Notification(new NotificationKey(NotificationKey.BatchEvent, 12), NotificationKind.Failed, At, "2025-01-MONTHEND", "2025-01",
            "MONTHEND", new BatchCounts(30, null, 8, 6, 4, 1), "ENTRY_CONTENT", null);

        NotificationText.Plain(failed).ShouldBe("""
            MonthEnd: batch 2025-01-MONTHEND FAILED (2025-01)
            event: batch failed validation
            batch: 2025-01-MONTHEND
            kind: MONTHEND
            period: 2025-01
            status: FAILED
            entries: 30 expected
            records: 8 premiums, 6 claims
            partitions: 4 (1 failed)
            failed check: ENTRY_CONTENT
            at: 2025-02-01 03:04:05 UTC

            """.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(6, 900)]
    [InlineData(1000, 900)]
    public void the_wait_doubles_per_failed_pass_up_to_its_cap(int attempts, int seconds)
    {
        DeliveryBackoff.After(attempts, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(900), 0).ShouldBe(TimeSpan.FromSeconds(seconds));
        DeliveryBackoff.After(attempts, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(900), 1).ShouldBe(TimeSpan.FromSeconds(seconds * 1.2));
    }

    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Texts(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        _ => [],
    };
}
