namespace MonthEnd.Core.Accounting;

/// <summary>A premium split into its three funds; the parts always sum to the premium.</summary>
public readonly record struct FundAllocation(Money Tabarru, Money Tanahud, Money Ujroh)
{
    public Money Total => Tabarru + Tanahud + Ujroh;

    public Money Of(Fund fund) => fund switch
    {
        Fund.Tabarru => Tabarru,
        Fund.Tanahud => Tanahud,
        Fund.Ujroh => Ujroh,
        _ => throw new ArgumentOutOfRangeException(nameof(fund)),
    };
}
