using MonthEnd.Core.Accounting;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Reports;

/// <summary>
/// A fund's balance moved by the batch, all from the ledger: the balance of every entry numbered
/// before the batch, the batch's contributions (credits) and claims (debits), and the balance after
/// it; <see cref="BalanceNow"/> is fund_balance as it stands (later batches included).
/// </summary>
public sealed record FundMovement(Fund Fund, Money Opening, Money Contributions, Money Claims, Money BalanceNow)
{
    public Money Movement => Contributions - Claims;

    public Money Closing => Opening + Movement;
}

/// <summary>A count and amount of source records the ledger posts.</summary>
public sealed record PostedRecords(long Count, Money Amount);

/// <summary>The batch's validation: how many checks passed, and what failed.</summary>
public sealed record ValidationOutcome(int Passed, int Total, IReadOnlyList<ValidationCheck> Failures)
{
    public bool AllPassed => Total > 0 && Passed == Total;
}

/// <summary>
/// The CFO summary of SOP 1 step 7.4: period and status, each fund's movement, premiums and claims
/// posted, the batch's timing and throughput, the validation outcome, and the sign-off lines of
/// step 8 (Finance validates the reports, the CFO reviews and signs off).
/// </summary>
public sealed record CfoSummary(
    ReportHeader Header,
    IReadOnlyList<FundMovement> Funds,
    PostedRecords Premiums,
    PostedRecords Claims,
    Money TotalDebit,
    Money TotalCredit,
    TimeSpan TotalTime,
    Throughput Throughput,
    ValidationOutcome Validation,
    IReadOnlyList<string> SignOff)
{
    public static readonly IReadOnlyList<string> SignOffLines =
    [
        "Prepared by (Operations Lead)",
        "Validated by (Finance Manager)",
        "Approved by (Chief Financial Officer)",
    ];

    public static CfoSummary Build(BatchReport report, BatchLedger ledger, FundAmounts balancesNow) =>
        new(report.Header with { Title = "CFO summary" },
            [.. report.Funds.Select(f => new FundMovement(f.Fund, ledger.FundsBefore[f.Fund].ToMoney(), f.Credit, f.Debit, balancesNow[f.Fund].ToMoney()))],
            new PostedRecords(ledger.PremiumsPosted, ledger.PremiumAmount),
            new PostedRecords(ledger.ClaimsPosted, ledger.ClaimAmount),
            report.TotalDebit, report.TotalCredit, report.Timing.Total, report.Throughput,
            new ValidationOutcome(report.Validation.Count(c => c.Passed), report.Validation.Count, [.. report.Validation.Where(c => !c.Passed)]),
            SignOffLines);
}
