namespace MonthEnd.Core.Accounting;

/// <summary>
/// One amount per fund, e.g. a batch's net change or a source's allocation totals. Kept as
/// 128-bit totals: summing a month's lines cannot overflow, and an oversized sum is measured and
/// refused by a named rule rather than thrown.
/// </summary>
public sealed class FundAmounts
{
    private readonly MoneyTotal[] _amounts = new MoneyTotal[Funds.All.Count];

    public MoneyTotal this[Fund fund]
    {
        get => _amounts[(int)fund];
        set => _amounts[(int)fund] = value;
    }

    public void Add(Fund fund, MoneyTotal amount) => _amounts[(int)fund] += amount;

    /// <summary>Whether every fund's amount fits a ledger amount column (a loop: the source scan asks once per record).</summary>
    public bool FitLedger
    {
        get
        {
            foreach (var amount in _amounts)
            {
                if (!amount.FitsLedger)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static FundAmounts Of(MoneyTotal tabarru, MoneyTotal tanahud, MoneyTotal ujroh)
    {
        var amounts = new FundAmounts();
        amounts[Fund.Tabarru] = tabarru;
        amounts[Fund.Tanahud] = tanahud;
        amounts[Fund.Ujroh] = ujroh;
        return amounts;
    }

    public override string ToString() =>
        string.Join(", ", Funds.All.Select(f => $"{f.Code()} {this[f]}"));
}
