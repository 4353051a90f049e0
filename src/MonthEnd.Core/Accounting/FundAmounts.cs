namespace MonthEnd.Core.Accounting;

/// <summary>One amount per fund, e.g. a batch's net change or a source's allocation totals.</summary>
public sealed class FundAmounts
{
    private readonly Money[] _amounts = new Money[Funds.All.Count];

    public Money this[Fund fund]
    {
        get => _amounts[(int)fund];
        set => _amounts[(int)fund] = value;
    }

    public void Add(Fund fund, Money amount) => _amounts[(int)fund] += amount;

    public static FundAmounts Of(Money tabarru, Money tanahud, Money ujroh)
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
