namespace MonthEnd.Core.Posting;

public enum EntrySide
{
    Debit,
    Credit,
}
