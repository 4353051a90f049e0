using System.Globalization;
using System.Text.RegularExpressions;

namespace MonthEnd.Core.Calendar;

/// <summary>An accounting month, written YYYY-MM.</summary>
public sealed partial record Period(int Year, int Month)
{
    public DateOnly Start => new(Year, Month, 1);

    public DateOnly End => Start.AddMonths(1).AddDays(-1);

    public bool Contains(DateOnly date) => date.Year == Year && date.Month == Month;

    public static bool TryParse(string? text, out Period period)
    {
        period = null!;
        if (text is null || !Shape().IsMatch(text))
        {
            return false;
        }

        period = new Period(
            int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture),
            int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture));
        return true;
    }

    public static Period Parse(string? text) =>
        TryParse(text, out var period)
            ? period
            : throw new FormatException($"period {Text.Shown.Quote(text)} is malformed: write it as YYYY-MM, e.g. 2025-01");

    public static Period Of(DateOnly date) => new(date.Year, date.Month);

    public override string ToString() => $"{Year:0000}-{Month:00}";

    [GeneratedRegex("^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
