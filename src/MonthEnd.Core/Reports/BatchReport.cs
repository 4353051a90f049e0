using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Reports;

/// <summary>What the batch planned and what the ledger holds (SOP 1 step 7.2).</summary>
public sealed record BatchCounts(
    long PremiumsPlanned, long PremiumsPosted, long ClaimsPlanned, long ClaimsPosted,
    long EntriesExpected, long Entries, long LinesExpected, long Lines);

/// <summary>One fund's lines in the batch: credits (contributions) less debits (claims) is its net movement.</summary>
public sealed record FundTotal(Fund Fund, Money Debit, Money Credit)
{
    public Money Net => Credit - Debit;
}

/// <summary>One account and fund's lines in the batch, with the account's name in the batch's chart.</summary>
public sealed record AccountTotal(string AccountCode, string AccountName, Fund? Fund, long Lines, Money Debit, Money Credit);

/// <summary>Source records per second of processing against the original design's target.</summary>
public sealed record Throughput(long Records, TimeSpan Processing, decimal? PerSecond, long TargetPerSecond)
{
    public bool MeetsTarget => PerSecond >= TargetPerSecond;
}

/// <summary>
/// The batch report: counts (planned and in the ledger), totals per fund and per account, time per
/// phase, throughput, and the validation results of the batch's last validation.
/// </summary>
public sealed record BatchReport(
    ReportHeader Header,
    BatchCounts Counts,
    IReadOnlyList<FundTotal> Funds,
    IReadOnlyList<AccountTotal> Accounts,
    Money TotalDebit,
    Money TotalCredit,
    BatchTiming Timing,
    Throughput Throughput,
    IReadOnlyList<ValidationCheck> Validation)
{
    public static BatchReport Build(ReportHeader header, BatchRecord batch, BatchLedger ledger, ChartOfAccounts chart,
        IReadOnlyList<ValidationCheck> checks, BatchTiming timing)
    {
        var accounts = AccountTotals(ledger.Accounts, chart);
        var counts = new BatchCounts(batch.PremiumCount, ledger.PremiumsPosted, batch.ClaimCount, ledger.ClaimsPosted,
            batch.ExpectedJeCount, ledger.Entries, batch.ExpectedLineCount, ledger.Accounts.Sum(a => a.Lines));
        var records = batch.PremiumCount + batch.ClaimCount;
        return new BatchReport(header, counts, FundTotals(ledger.Accounts), accounts,
            Sum(accounts.Select(a => a.Debit)), Sum(accounts.Select(a => a.Credit)), timing,
            new Throughput(records, timing.Processing, timing.PerSecond(records), BatchTiming.TargetPerSecond), checks);
    }

    /// <summary>Every fund, also one the batch did not move, in the funds' order.</summary>
    public static IReadOnlyList<FundTotal> FundTotals(IReadOnlyList<AccountMovement> movements) =>
        [.. Accounting.Funds.All.Select(f => new FundTotal(f,
            Sum(movements.Where(m => m.Fund == f).Select(m => m.Debit)),
            Sum(movements.Where(m => m.Fund == f).Select(m => m.Credit))))];

    public static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (a, b) => a + b);

    /// <summary>The account's name in the chart; an account the chart does not hold says so rather than passing unnoticed.</summary>
    public static string NameOf(string code, ChartOfAccounts chart) =>
        chart.TryGet(code, out var account) ? account.Name : $"(not in chart version {chart.Version})";

    private static List<AccountTotal> AccountTotals(IReadOnlyList<AccountMovement> movements, ChartOfAccounts chart) =>
        [.. movements.OrderBy(m => m.AccountCode, StringComparer.Ordinal).ThenBy(m => m.Fund)
            .Select(m => new AccountTotal(m.AccountCode, NameOf(m.AccountCode, chart), m.Fund, m.Lines, m.Debit, m.Credit))];
}
