using System.Text.Json;

namespace MonthEnd.Cli.Tests.Infrastructure;

public static class Json
{
    /// <summary>Parses a command's --json standard output; fails with the whole output when it is not JSON.</summary>
    public static JsonElement Parse(CliResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.Stdout);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ShouldAssertException($"--json output does not parse: {e.Message}\n{result}", e);
        }
    }

    public static string Str(this JsonElement element, params string[] path) => element.At(path).GetString()!;

    public static long Long(this JsonElement element, params string[] path) => element.At(path).GetInt64();

    public static JsonElement At(this JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            element.TryGetProperty(name, out var next).ShouldBeTrue($"JSON has no '{name}' in {element}");
            element = next;
        }

        return element;
    }
}
