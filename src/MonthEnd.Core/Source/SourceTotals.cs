using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Source;

/// <summary>What the posted source adds up to; the staged ledger must reconcile to it.</summary>
public sealed class SourceTotals
{
    public long PremiumCount { get; set; }

    public long ClaimCount { get; set; }

    public Money PremiumTotal { get; set; }

    public Money ClaimTotal { get; set; }

    public FundAmounts Allocations { get; } = new();

    public FundAmounts ClaimsBorne { get; } = new();

    /// <summary>A fund's expected net change: its allocations minus the claims it bears.</summary>
    public Money ExpectedNetChange(Fund fund) => Allocations[fund] - ClaimsBorne[fund];

    public void Add(PremiumTxn p)
    {
        PremiumCount++;
        PremiumTotal += p.Premium;
        Allocations.Add(Fund.Tabarru, p.Allocation.Tabarru);
        Allocations.Add(Fund.Tanahud, p.Allocation.Tanahud);
        Allocations.Add(Fund.Ujroh, p.Allocation.Ujroh);
    }

    public void Add(ClaimTxn c)
    {
        ClaimCount++;
        ClaimTotal += c.Amount;
        ClaimsBorne.Add(c.Route.Fund, c.Amount);
    }
}
