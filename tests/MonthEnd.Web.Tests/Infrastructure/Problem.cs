using System.Text.Json;

namespace MonthEnd.Web.Tests.Infrastructure;

/// <summary>An RFC 7807 answer as the API writes it.</summary>
public sealed record Problem(int Status, string Title, string Detail, int ExitCode, string? Permission)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return new Problem(root.GetProperty("status").GetInt32(), root.GetProperty("title").GetString()!, root.GetProperty("detail").GetString()!,
            root.GetProperty("exit_code").GetInt32(), root.TryGetProperty("permission", out var p) ? p.GetString() : null);
    }
}
