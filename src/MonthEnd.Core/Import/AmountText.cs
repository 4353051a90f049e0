using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Import;

/// <summary>
/// An amount as an import file writes it: an optional minus, digits, and optionally a dot with one or
/// two decimals ("1500000", "1500000.5", "-12.25"). Read exactly into sen, never through a float, and
/// nothing else is taken: no plus sign, exponent, thousands separator, comma or spaces.
/// </summary>
public static class AmountText
{
    public enum Outcome
    {
        Read,
        NotAnAmount,
        TooManyDecimals,
    }

    public static Outcome Read(string text, out Money amount)
    {
        amount = default;
        var digits = text.AsSpan(text.StartsWith('-') ? 1 : 0);
        var dot = digits.IndexOf('.');
        var whole = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? [] : digits[(dot + 1)..];
        if (whole.IsEmpty || !AllDigits(whole) || (dot >= 0 && (fraction.IsEmpty || !AllDigits(fraction))))
        {
            return Outcome.NotAnAmount;
        }

        if (fraction.Length > Money.Scale)
        {
            return Outcome.TooManyDecimals;
        }

        long minor = 0;
        try
        {
            foreach (var c in whole)
            {
                minor = checked((minor * 10) + (c - '0'));
            }

            minor = checked(minor * Money.MinorPerMajor);
            minor = checked(minor + (fraction.Length switch { 0 => 0, 1 => (fraction[0] - '0') * 10, _ => ((fraction[0] - '0') * 10) + (fraction[1] - '0') }));
        }
        catch (OverflowException)
        {
            return Outcome.NotAnAmount;
        }

        amount = new Money(text.StartsWith('-') ? -minor : minor);
        return Outcome.Read;
    }

    /// <summary>An amount as the file writes it: "1500000.25", "12.00".</summary>
    public static string Write(Money amount) => amount.ToPlainString();

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
