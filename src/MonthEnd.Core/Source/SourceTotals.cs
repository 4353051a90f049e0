using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Source;

/// <summary>
/// What the posted source adds up to; the staged ledger must reconcile to it. Sums are 128-bit
/// (<see cref="MoneyTotal"/>): a month of amounts each within the ledger's range never overflows
/// them, and <see cref="FitLedger"/> says whether the batch's totals fit the ledger's columns.
/// </summary>
public sealed class SourceTotals
{
    public long PremiumCount { get; set; }

    public long ClaimCount { get; set; }

    public MoneyTotal PremiumTotal { get; set; }

    public MoneyTotal ClaimTotal { get; set; }

    public FundAmounts Allocations { get; } = new();

    public FundAmounts ClaimsBorne { get; } = new();

    /// <summary>
    /// Whether every total a batch stores (premium and claim totals, each fund's allocations and
    /// claims, hence its net change and the batch's debits) fits a ledger amount column.
    /// </summary>
    public bool FitLedger => PremiumTotal.FitsLedger && ClaimTotal.FitsLedger && Allocations.FitLedger && ClaimsBorne.FitLedger;

    /// <summary>A fund's expected net change: its allocations minus the claims it bears.</summary>
    public MoneyTotal ExpectedNetChange(Fund fund) => Allocations[fund] - ClaimsBorne[fund];

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
