namespace MonthEnd.Core.Accounting;

/// <summary>How a fund's share is rounded to the sen.</summary>
public enum RoundingMode
{
    /// <summary>Ties to even (banker's rounding), Python Decimal's default in the original design.</summary>
    HalfEven,

    /// <summary>Ties away from zero.</summary>
    HalfUp,
}
