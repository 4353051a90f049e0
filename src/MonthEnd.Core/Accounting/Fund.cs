namespace MonthEnd.Core.Accounting;

/// <summary>The three takaful funds whose balances the month-end moves.</summary>
public enum Fund
{
    /// <summary>Participants' risk pool; bears risk claims.</summary>
    Tabarru,

    /// <summary>Participants' pooled fund; bears Tanahud benefits and refunds.</summary>
    Tanahud,

    /// <summary>Operator's wakalah fee income.</summary>
    Ujroh,
}

public static class Funds
{
    public static IReadOnlyList<Fund> All { get; } = [Fund.Tabarru, Fund.Tanahud, Fund.Ujroh];

    /// <summary>The code stored in fund_type columns and fund_balance rows.</summary>
    public static string Code(this Fund fund) => fund switch
    {
        Fund.Tabarru => "TABARRU",
        Fund.Tanahud => "TANAHUD",
        Fund.Ujroh => "UJROH",
        _ => throw new ArgumentOutOfRangeException(nameof(fund), fund, "unknown fund"),
    };

    public static bool TryParse(string? code, out Fund fund)
    {
        switch (code)
        {
            case "TABARRU": fund = Fund.Tabarru; return true;
            case "TANAHUD": fund = Fund.Tanahud; return true;
            case "UJROH": fund = Fund.Ujroh; return true;
            default: fund = default; return false;
        }
    }

    public static Fund Parse(string code) =>
        TryParse(code, out var fund) ? fund : throw new FormatException($"{Text.Shown.Quote(code)} is not a known fund (TABARRU, TANAHUD, UJROH)");
}
