using System.Globalization;

namespace MonthEnd.Sqlite.Rows;

/// <summary>
/// Times the caller gives (users, tokens, approvals) as this store keeps them: ISO-8601 UTC text with
/// six fractional digits, truncated to the microsecond as PostgreSQL's timestamptz keeps them (so both
/// stores give back the same instant), and of fixed width, so that text order is time order.
/// </summary>
internal static class UtcText
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string Of(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string? Of(DateTimeOffset? time) => time is { } t ? Of(t) : null;

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOrNull(string? text) => text is null ? null : Parse(text);
}
