using System.Globalization;
using System.Text;

namespace MonthEnd.Core.Notifications;

/// <summary>
/// The words of a notification: a one-line title and the facts as label/value lines. Every channel
/// formats these and nothing else, so what can reach a receiver is decided here, from the
/// <see cref="Notification"/>'s fields alone.
/// </summary>
public static class NotificationText
{
    public static string Title(Notification n) => n.Kind switch
    {
        NotificationKind.Committed => $"MonthEnd: batch {n.BatchId} committed ({n.Period})",
        NotificationKind.Failed => $"MonthEnd: batch {n.BatchId} FAILED ({n.Period})",
        NotificationKind.Paused => $"MonthEnd: batch {n.BatchId} paused ({n.Period})",
        NotificationKind.RolledBack => $"MonthEnd: batch {n.BatchId} rolled back ({n.Period})",
        NotificationKind.Reversed => $"MonthEnd: batch {n.BatchId} reversed ({n.Period})",
        NotificationKind.ApprovalWaiting => $"MonthEnd: request {n.Request?.RequestId} waits for a second approver ({n.Request?.Operation})",
        _ => throw new ArgumentOutOfRangeException(nameof(n), n.Kind, "no wording for this kind"),
    };

    /// <summary>The facts, in a fixed order; absent ones are left out.</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(Notification n)
    {
        var facts = new List<(string, string)>();
        Add(facts, "event", Event(n.Kind));
        Add(facts, "batch", n.BatchId);
        Add(facts, "kind", n.BatchKind);
        Add(facts, "period", n.Period);
        Add(facts, "status", n.Status);
        if (n.Counts is { } c)
        {
            Add(facts, "entries", c.CommittedEntries is { } done ? $"{Number(done)} of {Number(c.ExpectedEntries)}" : $"{Number(c.ExpectedEntries)} expected");
            Add(facts, "records", $"{Number(c.Premiums)} premiums, {Number(c.Claims)} claims");
            Add(facts, "partitions", c.FailedPartitions > 0 ? $"{Number(c.Partitions)} ({Number(c.FailedPartitions)} failed)" : Number(c.Partitions));
        }

        Add(facts, "failed check", n.FailedCheck);
        if (n.Request is { } r)
        {
            Add(facts, "request", r.RequestId.ToString(CultureInfo.InvariantCulture));
            Add(facts, "operation", r.Operation);
            Add(facts, "requested by", r.RequestedBy);
            Add(facts, "expires", Time(r.ExpiresAt));
        }

        Add(facts, "at", Time(n.OccurredAt));
        return facts;
    }

    /// <summary>Title and facts as plain text lines (the e-mail body, the webhook's fallback text).</summary>
    public static string Plain(Notification n)
    {
        var text = new StringBuilder(Title(n)).Append('\n');
        foreach (var (label, value) in Facts(n))
        {
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        return text.ToString();
    }

    private static string Event(NotificationKind kind) => kind switch
    {
        NotificationKind.Committed => "batch committed",
        NotificationKind.Failed => "batch failed validation",
        NotificationKind.Paused => "batch paused",
        NotificationKind.RolledBack => "batch rolled back",
        NotificationKind.Reversed => "batch reversed",
        _ => "four-eyes request waiting",
    };

    // Values come from the database (a user's name, an operation): no line breaks or control characters reach a receiver.
    private static void Add(List<(string, string)> facts, string label, string? value)
    {
        if (value is not null)
        {
            facts.Add((label, new string([.. value.Select(ch => char.IsControl(ch) ? ' ' : ch)])));
        }
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
