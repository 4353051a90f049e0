using System.Text;
using System.Text.Json;

namespace MonthEnd.Web.Tests.Infrastructure;

/// <summary>One server-sent event: its name and its data, parsed as JSON.</summary>
public sealed record ServerEvent(string Name, JsonElement Data);

/// <summary>Reads a text/event-stream answer event by event, as EventSource does (event:, data:, a blank line ends one).</summary>
public sealed class EventStream(Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    /// <summary>The next event, or null when the server closed the stream.</summary>
    public async Task<ServerEvent?> NextAsync(CancellationToken ct)
    {
        string? name = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new ServerEvent(name ?? "message", JsonDocument.Parse(data.ToString()).RootElement.Clone());
                }

                name = null;
                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
