using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// The sums reports are made of, against the ledger summed here with SQL of the test's own (entries
/// found by their batch_id, not by the batch's JE range; amounts in sen) and against the source records
/// the batches were made from, to the sen: January and February committed, so February has an opening
/// balance.
/// </summary>
public abstract class LedgerReportsContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private ILedgerReports Reports => (ILedgerReports)Store;

    [Fact]
    public async Task februarys_accounts_and_trial_balance_equal_the_ledger_summed_by_batch_id_and_by_date_and_open_with_january()
    {
        var (january, janRecords) = await CommitAsync(January, premiums: 90, claims: 9, seed: 3);
        var (february, records) = await CommitAsync(February, premiums: 60, claims: 7, seed: 5);

        var ledger = await Reports.ReadBatchLedgerAsync(february, Ct);
        var rows = await Reports.ReadTrialBalanceAsync(February, Ct);

        ledger.Accounts.Select(a => (a.AccountCode, a.Fund?.Code(), a.Lines, a.Debit.Minor, a.Credit.Minor)).ShouldBe(await AccountsByBatchIdAsync(february.BatchId));
        ledger.Entries.ShouldBe(await Target.CountAsync("SELECT count(*) FROM journal_entry_header WHERE batch_id = @id", new { id = february.BatchId }));
        (ledger.PremiumsPosted, ledger.PremiumAmount).ShouldBe((records.Premiums.Count, BatchReport.Sum(records.Premiums.Select(p => p.PremiumAmount!.Value))));
        (ledger.ClaimsPosted, ledger.ClaimAmount).ShouldBe((records.Claims.Count, BatchReport.Sum(records.Claims.Select(c => c.ClaimAmount!.Value))));
        var januaryNet = await FundNetByBatchIdAsync(january.BatchId);
        Funds.All.ShouldAllBe(f => ledger.FundsBefore[f].ToMoney().Minor == januaryNet.GetValueOrDefault(f.Code()));
        Funds.All.ShouldAllBe(f => BatchReport.FundTotals(ledger.Accounts).Single(t => t.Fund == f).Net == ExpectedFundChange(records.Premiums, records.Claims)[f].ToMoney());

        rows.Select(r => (r.AccountCode, r.Fund?.Code(), r.DebitBefore.Minor, r.CreditBefore.Minor, r.Debit.Minor, r.Credit.Minor))
            .ShouldBe(await TrialBalanceByDateAsync(February.Start, February.End));
        var opening = rows.ToDictionary(r => (r.AccountCode, r.Fund), r => r.DebitBefore - r.CreditBefore);
        opening[("4101", Fund.Tabarru)].ShouldBe(-BatchReport.Sum(janRecords.Premiums.Select(p => p.FundTabarru!.Value)));
        opening[("4301", Fund.Ujroh)].ShouldBe(-BatchReport.Sum(janRecords.Premiums.Select(p => p.FundUjroh!.Value)));
        opening[("1101", null)].ShouldBe(BatchReport.Sum(janRecords.Premiums.Select(p => p.PremiumAmount!.Value)));
        opening[("2101", null)].ShouldBe(-BatchReport.Sum(janRecords.Claims.Select(c => c.ClaimAmount!.Value)));
        var trial = TrialBalance.Build(Header(february), February, rows, Rules.Chart);
        trial.Balanced.ShouldBeTrue();
        (trial.OpeningDebit, trial.Debit, trial.ClosingDebit).ShouldBe((trial.OpeningCredit, trial.Credit, trial.ClosingCredit));
        trial.OpeningDebit.IsPositive.ShouldBeTrue("January's entries open February");
    }

    [Fact]
    public async Task a_line_changed_by_hand_unbalances_the_trial_balance_and_shows_in_the_batch_totals()
    {
        var (january, _) = await CommitAsync(January, premiums: 30, claims: 3, seed: 9);
        await Target.ExecuteAsync($"UPDATE journal_entry_line SET debit_amount = debit_amount + {Target.Literal(new Money(1))} WHERE je_id = @je AND line_number = 1",
            new { je = january.Sequence.First });

        var trial = TrialBalance.Build(Header(january), January, await Reports.ReadTrialBalanceAsync(January, Ct), Rules.Chart);
        var ledger = await Reports.ReadBatchLedgerAsync(january, Ct);

        trial.Balanced.ShouldBeFalse();
        (trial.Debit - trial.Credit).ShouldBe(new Money(1));
        (BatchReport.Sum(ledger.Accounts.Select(a => a.Debit)) - BatchReport.Sum(ledger.Accounts.Select(a => a.Credit))).ShouldBe(new Money(1));
    }

    [Fact]
    public async Task a_batch_not_committed_has_nothing_in_the_ledger_and_an_empty_period_an_empty_trial_balance()
    {
        await SeedAsync(January, premiums: 20, claims: 2);
        var planned = await PlanAsync(January);

        var ledger = await Reports.ReadBatchLedgerAsync(planned, Ct);

        (ledger.Entries, ledger.PremiumsPosted, ledger.ClaimsPosted, ledger.Accounts.Count).ShouldBe((0L, 0L, 0L, 0));
        (await Reports.ReadTrialBalanceAsync(February, Ct)).ShouldBeEmpty();
    }

    private async Task<(BatchRecord Batch, (List<PremiumRecord> Premiums, List<ClaimRecord> Claims) Records)> CommitAsync(
        Core.Calendar.Period period, int premiums, int claims, int seed)
    {
        var records = await SeedAsync(period, premiums, claims, seed);
        var outcome = await RunAsync(period);
        outcome.Batch.ShouldNotBeNull().Status.ShouldBe(BatchStatus.Committed, outcome.Message);
        return (outcome.Batch, records);
    }

    private static ReportHeader Header(BatchRecord batch) => ReportHeader.Of("test", batch, DateTimeOffset.UtcNow, "tests");

    private async Task<List<(string, string?, long, long, long)>> AccountsByBatchIdAsync(string batchId) =>
        [.. (await Target.RowsAsync($"""
            SELECT l.account_code, l.fund_type, count(*), sum({Target.InSen("l.debit_amount")}), sum({Target.InSen("l.credit_amount")})
            FROM journal_entry_header h JOIN journal_entry_line l ON l.je_id = h.je_id
            WHERE h.batch_id = @batchId
            GROUP BY l.account_code, l.fund_type
            """, new { batchId })).Select(r => ((string)r[0]!, (string?)r[1], Convert.ToInt64(r[2]), Convert.ToInt64(r[3]), Convert.ToInt64(r[4])))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2 is null ? 0 : 1).ThenBy(r => r.Item2, StringComparer.Ordinal)];

    private async Task<Dictionary<string, long>> FundNetByBatchIdAsync(string batchId) =>
        (await Target.RowsAsync($"""
            SELECT l.fund_type, sum({Target.InSen("l.credit_amount")}) - sum({Target.InSen("l.debit_amount")})
            FROM journal_entry_header h JOIN journal_entry_line l ON l.je_id = h.je_id
            WHERE h.batch_id = @batchId AND l.fund_type IS NOT NULL
            GROUP BY l.fund_type
            """, new { batchId })).ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1]));

    /// <summary>Each account and fund's lines before the period and in it, one sub-query per column, keyed by the pair.</summary>
    private async Task<List<(string, string?, long, long, long, long)>> TrialBalanceByDateAsync(DateOnly start, DateOnly end)
    {
        string Sum(string column, string when) => $"""
            (SELECT coalesce(sum({Target.InSen("x." + column)}), 0) FROM journal_entry_line x JOIN journal_entry_header xh ON xh.je_id = x.je_id
             WHERE x.account_code = k.account_code AND (x.fund_type = k.fund_type OR (x.fund_type IS NULL AND k.fund_type IS NULL)) AND {when})
            """;
        var before = $"xh.je_date < {Target.Literal(start)}";
        var within = $"xh.je_date >= {Target.Literal(start)} AND xh.je_date <= {Target.Literal(end)}";
        var rows = await Target.RowsAsync($"""
            SELECT k.account_code, k.fund_type, {Sum("debit_amount", before)}, {Sum("credit_amount", before)}, {Sum("debit_amount", within)}, {Sum("credit_amount", within)}
            FROM (SELECT DISTINCT l.account_code, l.fund_type FROM journal_entry_line l JOIN journal_entry_header h ON h.je_id = l.je_id
                  WHERE h.je_date <= {Target.Literal(end)}) k
            """);
        return [.. rows.Select(r => ((string)r[0]!, (string?)r[1], Convert.ToInt64(r[2]), Convert.ToInt64(r[3]), Convert.ToInt64(r[4]), Convert.ToInt64(r[5])))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2 is null ? 0 : 1).ThenBy(r => r.Item2, StringComparer.Ordinal)];
    }
}
