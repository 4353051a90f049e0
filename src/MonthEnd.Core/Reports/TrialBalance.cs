using MonthEnd.Core.Accounting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Reports;

/// <summary>
/// One account and fund in a trial balance. Balances are shown on their side: an opening balance is
/// the debits less the credits of every entry dated before the period, in the debit column when
/// positive and the credit column when negative; the closing balance adds the period's debits and
/// subtracts its credits.
/// </summary>
public sealed record TrialBalanceLine(string AccountCode, string AccountName, Fund? Fund, Money OpeningDebit, Money OpeningCredit, Money Debit, Money Credit)
{
    public Money Closing => OpeningDebit - OpeningCredit + Debit - Credit;

    public Money ClosingDebit => Closing.IsPositive ? Closing : Money.Zero;

    public Money ClosingCredit => Closing.IsNegative ? -Closing : Money.Zero;

    public static TrialBalanceLine Of(TrialBalanceRow row, string name)
    {
        var opening = row.DebitBefore - row.CreditBefore;
        return new TrialBalanceLine(row.AccountCode, name, row.Fund,
            opening.IsPositive ? opening : Money.Zero, opening.IsNegative ? -opening : Money.Zero, row.Debit, row.Credit);
    }
}

/// <summary>
/// The trial balance of a batch's period (je_date from the period's first to its last day), per
/// account and fund. A ledger of balanced entries gives equal debit and credit totals in each pair
/// of columns; <see cref="Balanced"/> says whether it does.
/// </summary>
public sealed record TrialBalance(ReportHeader Header, DateOnly From, DateOnly To, IReadOnlyList<TrialBalanceLine> Lines)
{
    public Money OpeningDebit => BatchReport.Sum(Lines.Select(l => l.OpeningDebit));

    public Money OpeningCredit => BatchReport.Sum(Lines.Select(l => l.OpeningCredit));

    public Money Debit => BatchReport.Sum(Lines.Select(l => l.Debit));

    public Money Credit => BatchReport.Sum(Lines.Select(l => l.Credit));

    public Money ClosingDebit => BatchReport.Sum(Lines.Select(l => l.ClosingDebit));

    public Money ClosingCredit => BatchReport.Sum(Lines.Select(l => l.ClosingCredit));

    public bool Balanced => OpeningDebit == OpeningCredit && Debit == Credit && ClosingDebit == ClosingCredit;

    public static TrialBalance Build(ReportHeader header, Period period, IReadOnlyList<TrialBalanceRow> rows, ChartOfAccounts chart) =>
        new(header with { Title = $"Trial balance {period}" }, period.Start, period.End,
            [.. rows.OrderBy(r => r.AccountCode, StringComparer.Ordinal).ThenBy(r => r.Fund)
                .Select(r => TrialBalanceLine.Of(r, BatchReport.NameOf(r.AccountCode, chart)))]);
}
