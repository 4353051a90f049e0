using System.Globalization;

namespace MonthEnd.Core.Accounting;

/// <summary>
/// A sum of many <see cref="Money"/> amounts in 128-bit sen: a month of amounts each up to the
/// ledger's maximum cannot overflow it (2^127 sen), so a sum is always measured and can be
/// compared with <see cref="Money.MaxLedgerAmount"/> instead of crashing the run.
/// </summary>
public readonly record struct MoneyTotal(Int128 MinorUnits) : IComparable<MoneyTotal>
{
    public static MoneyTotal Zero => default;

    /// <summary>Whether the total fits a ledger amount column (NUMERIC(18,2)): what a batch's totals and fund movements are stored in.</summary>
    public bool FitsLedger => Int128.Abs(MinorUnits) <= Money.MaxLedgerAmount.Minor;

    public static implicit operator MoneyTotal(Money amount) => new(amount.Minor);

    public static MoneyTotal operator +(MoneyTotal a, MoneyTotal b) => new(a.MinorUnits + b.MinorUnits);

    public static MoneyTotal operator -(MoneyTotal a, MoneyTotal b) => new(a.MinorUnits - b.MinorUnits);

    public static bool operator <(MoneyTotal a, MoneyTotal b) => a.MinorUnits < b.MinorUnits;

    public static bool operator >(MoneyTotal a, MoneyTotal b) => a.MinorUnits > b.MinorUnits;

    public static bool operator <=(MoneyTotal a, MoneyTotal b) => a.MinorUnits <= b.MinorUnits;

    public static bool operator >=(MoneyTotal a, MoneyTotal b) => a.MinorUnits >= b.MinorUnits;

    public int CompareTo(MoneyTotal other) => MinorUnits.CompareTo(other.MinorUnits);

    public MoneyTotal Add(MoneyTotal other) => this + other;

    public MoneyTotal Subtract(MoneyTotal other) => this - other;

    /// <summary>The total as one amount; only for totals known to fit (a batch's, after its source passed the limit rules).</summary>
    public Money ToMoney() => new(checked((long)MinorUnits));

    /// <summary>Exact in major units (decimal holds 28 digits, far beyond any sum of a month's amounts).</summary>
    public decimal ToDecimal() => (decimal)MinorUnits / Money.MinorPerMajor;

    /// <summary>"400000.00": the form used in machine output.</summary>
    public string ToPlainString() => Format(grouped: false);

    /// <summary>"400,000.00": the form people read.</summary>
    public override string ToString() => Format(grouped: true);

    private string Format(bool grouped)
    {
        var abs = Int128.Abs(MinorUnits);
        var major = (abs / Money.MinorPerMajor).ToString(grouped ? "#,0" : "0", CultureInfo.InvariantCulture);
        var minor = (abs % Money.MinorPerMajor).ToString("00", CultureInfo.InvariantCulture);
        return $"{(MinorUnits < 0 ? "-" : "")}{major}.{minor}";
    }
}
