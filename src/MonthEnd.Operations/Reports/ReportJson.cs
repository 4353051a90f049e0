using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Calendar;

namespace MonthEnd.Operations.Reports;

/// <summary>
/// A report as JSON, the report's own model: snake_case keys, amounts as exact decimal strings with two
/// places ("1234.50"), funds by their codes, periods as YYYY-MM, times in seconds.
/// </summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new MoneyText(), new FundCode(), new PeriodText(), new Seconds() },
    };

    public static byte[] Write(object report) => JsonSerializer.SerializeToUtf8Bytes(report, report.GetType(), Options);

    private sealed class MoneyText : JsonConverter<Money>
    {
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Money.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToPlainString());
    }

    private sealed class FundCode : JsonConverter<Fund>
    {
        public override Fund Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Funds.Parse(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, Fund value, JsonSerializerOptions options) => writer.WriteStringValue(value.Code());
    }

    private sealed class PeriodText : JsonConverter<Period>
    {
        public override Period Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Period.Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, Period value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    private sealed class Seconds : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TimeSpan.FromSeconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(decimal.Round((decimal)value.TotalSeconds, 3, MidpointRounding.ToEven));
    }
}
