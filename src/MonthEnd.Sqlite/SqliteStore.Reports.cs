using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;

namespace MonthEnd.Sqlite;

/// <summary>
/// The ledger summed for reports. One read transaction: every query sees the same state of the file
/// (a writer's commit waits for it within the busy timeout, as for the seal check). Amounts are
/// INTEGER sen here, summed exactly.
/// </summary>
public sealed partial class SqliteStore : ILedgerReports
{
    public Task<BatchLedger> ReadBatchLedgerAsync(BatchRecord batch, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var connection = Database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
        var accounts = connection.Query<(string Account, string? Fund, long Lines, long Debit, long Credit)>(SqlText.Get("report_batch_accounts"), range, transaction)
            .Select(a => new AccountMovement(a.Account, FundOf(a.Fund), a.Lines, new Money(a.Debit), new Money(a.Credit))).ToList();
        var e = connection.QuerySingle<(long Entries, long Premiums, long PremiumAmount, long Claims, long ClaimAmount)>(
            SqlText.Get("report_batch_entries"), range, transaction);
        var before = new FundAmounts();
        foreach (var (fund, net) in connection.Query<(string, long)>(SqlText.Get("report_funds_before"), range, transaction))
        {
            before[Funds.Parse(fund)] = new Money(net);
        }

        transaction.Commit();
        return Task.FromResult(new BatchLedger(e.Entries, e.Premiums, new Money(e.PremiumAmount), e.Claims, new Money(e.ClaimAmount), accounts, before));
    }

    public Task<IReadOnlyList<TrialBalanceRow>> ReadTrialBalanceAsync(Period period, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var connection = Database.Open();
        var rows = connection.Query<(string Account, string? Fund, long DebitBefore, long CreditBefore, long Debit, long Credit)>(
                SqlText.Get("report_trial_balance"), new { start = period.Start.ToString("yyyy-MM-dd"), end = period.End.ToString("yyyy-MM-dd") })
            .Select(r => new TrialBalanceRow(r.Account, FundOf(r.Fund), new Money(r.DebitBefore), new Money(r.CreditBefore), new Money(r.Debit), new Money(r.Credit)))
            .ToList();
        return Task.FromResult<IReadOnlyList<TrialBalanceRow>>(rows);
    }

    private static Fund? FundOf(string? code) => code is null ? null : Funds.Parse(code);
}
