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

        var text = new StringBuilder(Math.Min(value.Length, max) + 2).Append('\'');
        foreach (var c in value.Take(max))
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u200E' or '\u200F')
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        text.Append('\'');
        return value.Length > max ? text.Append(CultureInfo.InvariantCulture, $"… ({value.Length:N0} characters)").ToString() : text.ToString();
    }
}
