using System.Text.Json;

namespace MonthEnd.Core.Storage;

/// <summary>
/// The texts both stores can keep, checked before any SQL so that SQLite and PostgreSQL accept and
/// refuse the same values (with an <see cref="ArgumentException"/>) instead of one storing what the
/// other fails on. PostgreSQL's text cannot hold U+0000 (SQLite's can), and a PostgreSQL index entry
/// holds at most about 2,700 bytes (SQLite's any length). So a key, a text the stores index (a user
/// name, an API token's id or hash), has 1 to <see cref="MaxKeyLength"/> characters; no text holds
/// U+0000; a lookup of a key that could not have been stored finds nothing without asking the database.
/// </summary>
public static class StoredText
{
    /// <summary>Far above any real user name, token id or hex digest; 1,024 bytes of UTF-8 at most, well within an index entry.</summary>
    public const int MaxKeyLength = 256;

    public static bool IsKey(string? value) => value is { Length: > 0 and <= MaxKeyLength } && !value.Contains('\0');

    public static string Key(string value, string what) =>
        IsKey(value)
            ? value
            : throw new ArgumentException($"{what} must have 1 to {MaxKeyLength} characters and no U+0000; this one has {value.Length} characters");

    public static string? Text(string? value, string what) =>
        value is null || !value.Contains('\0') ? value : throw new ArgumentException($"{what} holds U+0000, which the stores cannot keep");

    /// <summary>A JSON document, kept as its text (key order and spacing as given), so it must parse.</summary>
    public static string Json(string value, string what)
    {
        Text(value, what);
        try
        {
            using var _ = JsonDocument.Parse(value);
            return value;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{what} is not JSON: {e.Message}", e);
        }
    }
}
