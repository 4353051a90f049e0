using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Posting;

/// <summary>One line of a posting template: which side, which account, whose fund, which amount.</summary>
public sealed record TemplateLine(short LineNumber, EntrySide Side, Account Account, AmountField Amount, string? Memo)
{
    /// <summary>The fund whose balance this line moves: the account's fund (bank and payables move none).</summary>
    public Fund? Fund => Account.Fund;
}
