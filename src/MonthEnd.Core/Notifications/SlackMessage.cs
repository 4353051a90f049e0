using System.Text.Json;
using System.Text.Json.Nodes;

namespace MonthEnd.Core.Notifications;

/// <summary>
/// A notification as Slack-compatible webhook JSON: <c>text</c> (what any receiver shows) and
/// <c>blocks</c> (a header and the facts as fields). Values are escaped for Slack's mrkdwn, so a
/// user named <c>&lt;!channel&gt;</c> cannot ping anyone.
/// </summary>
public static class SlackMessage
{
    public static string Json(Notification n)
    {
        var fields = new JsonArray([.. NotificationText.Facts(n).Select(f =>
            (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{Escape(f.Label)}*\n{Escape(f.Value)}" })]);
        var blocks = new JsonArray();
        blocks.Add(new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = NotificationText.Title(n) } });
        // Slack takes at most ten fields per section.
        foreach (var chunk in fields.Chunk(10))
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. chunk.Select(f => f!.DeepClone())]) });
        }

        var message = new JsonObject { ["text"] = Escape(NotificationText.Plain(n).TrimEnd()), ["blocks"] = blocks };
        return message.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
