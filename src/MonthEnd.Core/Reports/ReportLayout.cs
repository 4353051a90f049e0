using MonthEnd.Core.Accounting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Reports;

/// <summary>Lays each report out as a <see cref="ReportDocument"/>: the same tables in every format.</summary>
public static class ReportLayout
{
    public static ReportDocument Of(BatchReport r) => new(
        $"Batch report {r.Header.BatchId}",
        [
            Summary(r.Header,
                ("premiums planned", ReportCell.Of(r.Counts.PremiumsPlanned)), ("premiums posted", ReportCell.Of(r.Counts.PremiumsPosted)),
                ("claims planned", ReportCell.Of(r.Counts.ClaimsPlanned)), ("claims posted", ReportCell.Of(r.Counts.ClaimsPosted)),
                ("entries expected", ReportCell.Of(r.Counts.EntriesExpected)), ("entries in ledger", ReportCell.Of(r.Counts.Entries)),
                ("lines expected", ReportCell.Of(r.Counts.LinesExpected)), ("lines in ledger", ReportCell.Of(r.Counts.Lines)),
                ("total debit", ReportCell.Of(r.TotalDebit)), ("total credit", ReportCell.Of(r.TotalCredit)),
                ("processing seconds", ReportCell.Seconds(r.Throughput.Processing)),
                ("records per second", r.Throughput.PerSecond is { } s ? ReportCell.Number(s) : ReportCell.Of("")),
                ("target records per second", ReportCell.Of(r.Throughput.TargetPerSecond)),
                ("meets target", ReportCell.Of(r.Throughput.MeetsTarget ? "yes" : "no"))),
            new("funds", "Totals per fund", ["fund", "debit", "credit", "net"],
                [.. r.Funds.Select(f => Row(ReportCell.Of(f.Fund.Code()), ReportCell.Of(f.Debit), ReportCell.Of(f.Credit), ReportCell.Of(f.Net)))]),
            new("accounts", "Totals per account and fund", ["account_code", "account_name", "fund", "lines", "debit", "credit"],
                [.. r.Accounts.Select(a => Row(ReportCell.Of(a.AccountCode), ReportCell.Of(a.AccountName), ReportCell.Of(a.Fund?.Code()),
                    ReportCell.Of(a.Lines), ReportCell.Of(a.Debit), ReportCell.Of(a.Credit)))]),
            Phases("phases", "Time per phase", r.Timing.Phases),
            Phases("commit_steps", "Steps of the commit", r.Timing.CommitSteps),
            Checks(r.Validation),
        ],
        [FundChart(r.Funds.Select(f => (f.Fund, f.Net))), PhaseChart(r.Timing)]);

    public static ReportDocument Of(CfoSummary c) => new(
        $"CFO summary {c.Header.Period}",
        [
            Summary(c.Header,
                ("premiums", ReportCell.Of(c.Premiums.Count)), ("premium amount", ReportCell.Of(c.Premiums.Amount)),
                ("claims", ReportCell.Of(c.Claims.Count)), ("claim amount", ReportCell.Of(c.Claims.Amount)),
                ("total debit", ReportCell.Of(c.TotalDebit)), ("total credit", ReportCell.Of(c.TotalCredit)),
                ("batch minutes", ReportCell.Number(decimal.Round((decimal)c.TotalTime.TotalMinutes, 2, MidpointRounding.ToEven))),
                ("records per second", c.Throughput.PerSecond is { } s ? ReportCell.Number(s) : ReportCell.Of("")),
                ("meets target of 5,556 per second", ReportCell.Of(c.Throughput.MeetsTarget ? "yes" : "no")),
                ("validation", ReportCell.Of(c.Validation.AllPassed ? $"all {c.Validation.Total} checks passed" : $"{c.Validation.Passed} of {c.Validation.Total} checks passed"))),
            new("funds", "Fund balances moved by the batch", ["fund", "opening", "contributions", "claims", "movement", "closing", "fund_balance_now"],
                [.. c.Funds.Select(f => Row(ReportCell.Of(f.Fund.Code()), ReportCell.Of(f.Opening), ReportCell.Of(f.Contributions), ReportCell.Of(f.Claims),
                    ReportCell.Of(f.Movement), ReportCell.Of(f.Closing), ReportCell.Of(f.BalanceNow)))]),
            Checks(c.Validation.Failures, "validation_failures", "Failed checks"),
            new("sign_off", "Sign-off", ["role", "name", "signature", "date"],
                [.. c.SignOff.Select(role => Row(ReportCell.Of(role), ReportCell.Of(""), ReportCell.Of(""), ReportCell.Of("")))]),
        ],
        [FundChart(c.Funds.Select(f => (f.Fund, f.Movement)))]);

    public static ReportDocument Of(TrialBalance t) => new(
        $"Trial balance {t.Header.Period}",
        [
            Summary(t.Header,
                ("from", ReportCell.Of(t.From.ToString("yyyy-MM-dd"))), ("to", ReportCell.Of(t.To.ToString("yyyy-MM-dd"))),
                ("balanced", ReportCell.Of(t.Balanced ? "yes" : "NO: debits and credits differ"))),
            new("trial_balance", "Trial balance per account and fund",
                ["account_code", "account_name", "fund", "opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit"],
                [
                    .. t.Lines.Select(l => Row(ReportCell.Of(l.AccountCode), ReportCell.Of(l.AccountName), ReportCell.Of(l.Fund?.Code()),
                        ReportCell.Of(l.OpeningDebit), ReportCell.Of(l.OpeningCredit), ReportCell.Of(l.Debit), ReportCell.Of(l.Credit),
                        ReportCell.Of(l.ClosingDebit), ReportCell.Of(l.ClosingCredit))),
                    Row(ReportCell.Of("TOTAL"), ReportCell.Of(""), ReportCell.Of(""), ReportCell.Of(t.OpeningDebit), ReportCell.Of(t.OpeningCredit),
                        ReportCell.Of(t.Debit), ReportCell.Of(t.Credit), ReportCell.Of(t.ClosingDebit), ReportCell.Of(t.ClosingCredit)),
                ]),
        ],
        []);

    private static ReportTable Summary(ReportHeader h, params (string Item, ReportCell Value)[] items) =>
        new("summary", h.Title, ["item", "value"],
        [
            .. new (string, ReportCell)[]
            {
                ("batch id", ReportCell.Of(h.BatchId)), ("period", ReportCell.Of(h.Period.ToString())), ("batch kind", ReportCell.Of(h.BatchKind)),
                ("status", ReportCell.Of(h.Status)), ("status reason", ReportCell.Of(h.StatusReason)), ("initiated by", ReportCell.Of(h.InitiatedBy)),
                ("created at", ReportCell.Of(Time(h.CreatedAt))),
                ("committed at", ReportCell.Of(h.CommittedAt is { } at ? Time(at) : "")), ("generated at", ReportCell.Of(Time(h.GeneratedAt))),
                ("generated by", ReportCell.Of(h.GeneratedBy)),
            }.Concat(items).Select(i => Row(ReportCell.Of(i.Item1), i.Item2)),
        ]);

    private static ReportTable Phases(string name, string title, IReadOnlyList<PhaseTime> phases) =>
        new(name, title, ["phase", "seconds"], [.. phases.Select(p => Row(ReportCell.Of(p.Phase), ReportCell.Seconds(p.Time)))]);

    private static ReportTable Checks(IReadOnlyList<ValidationCheck> checks, string name = "validation", string title = "Validation results") =>
        new(name, title, ["check", "passed", "expected", "actual", "message"],
            [.. checks.Select(c => Row(ReportCell.Of(c.Code), ReportCell.Of(c.Passed ? "PASS" : "FAIL"), ReportCell.Of(c.Expected), ReportCell.Of(c.Actual), ReportCell.Of(c.Message)))]);

    private static BarChart FundChart(IEnumerable<(Fund Fund, Money Net)> funds) =>
        new("Fund movements (credits less debits)", "IDR", [.. funds.Select(f => (f.Fund.Code(), f.Net.ToDecimal()))]);

    private static BarChart PhaseChart(BatchTiming timing) =>
        new("Time per phase", "s", [.. timing.Phases.Select(p => (p.Phase, decimal.Round((decimal)p.Time.TotalSeconds, 3, MidpointRounding.ToEven)))]);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static ReportCell[] Row(params ReportCell[] cells) => cells;
}
