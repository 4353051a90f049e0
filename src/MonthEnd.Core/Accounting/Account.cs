namespace MonthEnd.Core.Accounting;

public enum AccountCategory
{
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

/// <summary>An account of the chart; <see cref="Fund"/> is set when postings to it move a fund's balance.</summary>
public sealed record Account(string Code, string Name, AccountCategory Category, Fund? Fund);
