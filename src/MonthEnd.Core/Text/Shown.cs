using System.Globalization;
using System.Text;

namespace MonthEnd.Core.Text;

/// <summary>
/// A value from outside (an argument, a cell of the source) as a message may quote it: control
/// characters escaped, so they cannot forge lines or terminal sequences, and cut to a bounded
/// length, so a megabyte of input cannot become a megabyte of error.
/// </summary>
public static class Shown
{
    public const int DefaultLength = 60;

    public static string Quote(string? value, int max = DefaultLength)
    {
        if (value is null)
        {
            return "(none)";
        }

        var text = Escape(new StringBuilder(Math.Min(value.Length, max) + 2).Append('\''), value, max).Append('\'');
        return value.Length > max ? text.Append(CultureInfo.InvariantCulture, $"… ({value.Length:N0} characters)").ToString() : text.ToString();
    }

    /// <summary>A whole message made safe to print on one line: the same escapes, cut at <paramref name="max"/> characters.</summary>
    public static string Inert(string message, int max = 2_000)
    {
        var text = Escape(new StringBuilder(Math.Min(message.Length, max)), message, max);
        return message.Length > max ? text.Append(CultureInfo.InvariantCulture, $"… ({message.Length:N0} characters)").ToString() : text.ToString();
    }

    /// <summary>Characters that could forge a line, recolour a terminal or reorder what is read (bidirectional overrides).</summary>
    public static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static StringBuilder Escape(StringBuilder text, string value, int max)
    {
        foreach (var c in value.AsSpan(0, Math.Min(value.Length, max)))
        {
            if (IsUnsafe(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text;
    }
}
