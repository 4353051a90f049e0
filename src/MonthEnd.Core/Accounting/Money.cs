using System.Globalization;

namespace MonthEnd.Core.Accounting;

/// <summary>
/// An exact amount of money in minor units (sen: 400,000.00 IDR is 40,000,000).
/// All arithmetic is checked: an overflow throws rather than wrapping into a wrong balance.
/// </summary>
public readonly record struct Money(long Minor) : IComparable<Money>
{
    /// <summary>Decimal places of every amount in the ledger (NUMERIC(18,2) in PostgreSQL).</summary>
    public const int Scale = 2;

    public const long MinorPerMajor = 100;

    /// <summary>Largest amount NUMERIC(18,2) can hold; the ledger refuses anything above it.</summary>
    public static readonly Money MaxLedgerAmount = new(999_999_999_999_999_999);

    public static Money Zero => default;

    public bool IsZero => Minor == 0;

    public bool IsPositive => Minor > 0;

    public bool IsNegative => Minor < 0;

    public static Money FromMinor(long minor) => new(minor);

    /// <summary>Converts an exact decimal amount in major units; refuses fractions of a sen.</summary>
    public static Money FromDecimal(decimal major)
    {
        var minor = major * MinorPerMajor;
        if (minor != decimal.Truncate(minor))
        {
            throw new ArgumentException($"{major} has more than {Scale} decimal places", nameof(major));
        }

        return new Money(decimal.ToInt64(minor));
    }

    /// <summary>Parses "400000.00" or "400000" (invariant culture, no grouping).</summary>
    public static Money Parse(string text) =>
        FromDecimal(decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));

    public decimal ToDecimal() => decimal.Divide(Minor, MinorPerMajor);

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor));

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor));

    public static Money operator -(Money a) => new(checked(-a.Minor));

    public static Money operator *(Money a, long factor) => new(checked(a.Minor * factor));

    public static bool operator <(Money a, Money b) => a.Minor < b.Minor;

    public static bool operator >(Money a, Money b) => a.Minor > b.Minor;

    public static bool operator <=(Money a, Money b) => a.Minor <= b.Minor;

    public static bool operator >=(Money a, Money b) => a.Minor >= b.Minor;

    public int CompareTo(Money other) => Minor.CompareTo(other.Minor);

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Negate() => -this;

    public Money Multiply(long factor) => this * factor;

    /// <summary>"400000.00": the form used in checksums and machine output.</summary>
    public string ToPlainString() => ToDecimal().ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>"400,000.00": the form people read.</summary>
    public override string ToString() => ToDecimal().ToString("#,0.00", CultureInfo.InvariantCulture);
}
