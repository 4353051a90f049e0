using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MonthEnd.Operations.Logging;

/// <summary>
/// One JSON object per line: time (UTC), level, category, event, the formatted message, the process,
/// the template and the event's fields. It writes what it is handed: with redaction enabled
/// (<see cref="MonthEndLogging"/>), classified fields and the message built from them arrive redacted.
/// </summary>
internal sealed class JsonLinesLogger(string category, DailyLogFile file, TimeProvider clock) : ILogger
{
    private const string TemplateKey = "{OriginalFormat}";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    // Levels are filtered by the logger factory (Logging:LogLevel, Logging:File:LogLevel).
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var line = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(line, Options))
        {
            json.WriteStartObject();
            json.WriteString("time", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", logLevel.ToString());
            json.WriteString("category", category);
            if (eventId.Id != 0 || eventId.Name is not null)
            {
                json.WriteString("event", eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            json.WriteString("message", formatter(state, exception));
            json.WriteNumber("pid", Environment.ProcessId);
            WriteFields(json, state);
            if (exception is not null)
            {
                json.WriteString("exception", $"{exception.GetType().FullName}: {exception.Message}");
            }

            json.WriteEndObject();
        }

        line.Write("\n"u8);
        file.Append(line.WrittenSpan, now);
    }

    private static void WriteFields<TState>(Utf8JsonWriter json, TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        foreach (var (key, value) in fields)
        {
            if (key == TemplateKey)
            {
                json.WriteString("template", value?.ToString());
            }
        }

        json.WriteStartObject("fields");
        foreach (var (key, value) in fields)
        {
            if (key == TemplateKey)
            {
                continue;
            }

            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool b:
                    json.WriteBoolean(key, b);
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte or decimal or double or float:
                    json.WritePropertyName(key);
                    json.WriteRawValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        json.WriteEndObject();
    }
}
