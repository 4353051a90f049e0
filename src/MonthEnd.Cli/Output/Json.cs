using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MonthEnd.Operations.Privacy;

namespace MonthEnd.Cli.Output;

/// <summary>
/// Machine output for --json: snake_case keys, amounts as exact decimal strings. Commands put personal
/// data in their views as the host's redactor shows it (e.g. <see cref="Operations.Source.SourceFindings"/>);
/// should a classified value reach a view as it is, it is written withheld (<see cref="RedactingJson"/>).
/// </summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = RedactingJson.With(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    }, redactors: null);

    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
