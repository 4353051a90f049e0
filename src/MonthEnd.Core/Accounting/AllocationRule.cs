namespace MonthEnd.Core.Accounting;

/// <summary>
/// A product's split of a premium: Tabarru and Tanahud take their rates (in basis points,
/// 4000 = 40.00%) rounded to the sen; Ujroh takes the rest, so the rounding remainder lands there
/// and the parts always sum to the premium exactly.
/// </summary>
public sealed record AllocationRule(int TabarruBasisPoints, int TanahudBasisPoints, RoundingMode Rounding)
{
    public const int WholeInBasisPoints = 10_000;

    public int UjrohBasisPoints => WholeInBasisPoints - TabarruBasisPoints - TanahudBasisPoints;

    public FundAllocation Allocate(Money premium)
    {
        var tabarru = Share(premium, TabarruBasisPoints, Rounding);
        var tanahud = Share(premium, TanahudBasisPoints, Rounding);
        return new FundAllocation(tabarru, tanahud, premium - tabarru - tanahud);
    }

    /// <summary>premium × basisPoints / 10,000, rounded to the sen, in exact integer arithmetic.</summary>
    public static Money Share(Money amount, int basisPoints, RoundingMode rounding)
    {
        Int128 numerator = (Int128)amount.Minor * basisPoints;
        var quotient = Int128.DivRem(numerator, WholeInBasisPoints);
        var whole = quotient.Quotient;
        var twiceRemainder = Int128.Abs(quotient.Remainder) * 2;
        var sign = numerator < 0 ? -1 : 1;
        if (twiceRemainder > WholeInBasisPoints
            || (twiceRemainder == WholeInBasisPoints && (rounding == RoundingMode.HalfUp || !Int128.IsEvenInteger(whole))))
        {
            whole += sign;
        }

        return new Money((long)whole);
    }
}
