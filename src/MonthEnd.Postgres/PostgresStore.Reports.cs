using System.Data;
using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;

namespace MonthEnd.Postgres;

/// <summary>
/// The ledger summed for reports, in one read-only REPEATABLE READ transaction: every query sees the
/// same snapshot and MVCC lets writers carry on meanwhile. Amounts are NUMERIC(18,2), read as decimal
/// and taken as sen exactly (<see cref="Money.FromDecimal"/> refuses a fraction of a sen).
/// </summary>
public sealed partial class PostgresStore : ILedgerReports
{
    public Task<BatchLedger> ReadBatchLedgerAsync(BatchRecord batch, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, token);
            await connection.ExecuteAsync("SET TRANSACTION READ ONLY", transaction: transaction);
            var range = new { first = batch.Sequence.First, last = batch.Sequence.Last };
            var accounts = (await connection.QueryAsync<(string Account, string? Fund, long Lines, decimal Debit, decimal Credit)>(
                    SqlText.Get("report_batch_accounts"), range, transaction))
                .Select(a => new AccountMovement(a.Account, FundOf(a.Fund), a.Lines, Money.FromDecimal(a.Debit), Money.FromDecimal(a.Credit))).ToList();
            var e = await connection.QuerySingleAsync<(long Entries, long Premiums, decimal PremiumAmount, long Claims, decimal ClaimAmount)>(
                SqlText.Get("report_batch_entries"), range, transaction);
            var before = new FundAmounts();
            foreach (var (fund, net) in await connection.QueryAsync<(string, decimal)>(SqlText.Get("report_funds_before"), range, transaction))
            {
                before[Funds.Parse(fund)] = Money.FromDecimal(net);
            }

            await transaction.CommitAsync(token);
            return new BatchLedger(e.Entries, e.Premiums, Money.FromDecimal(e.PremiumAmount), e.Claims, Money.FromDecimal(e.ClaimAmount), accounts, before);
        }, ct);

    public Task<IReadOnlyList<TrialBalanceRow>> ReadTrialBalanceAsync(Period period, CancellationToken ct) =>
        RunAsync<IReadOnlyList<TrialBalanceRow>>(async (connection, _) =>
            [.. (await connection.QueryAsync<(string Account, string? Fund, decimal DebitBefore, decimal CreditBefore, decimal Debit, decimal Credit)>(
                    SqlText.Get("report_trial_balance"), new { start = period.Start, end = period.End }, commandTimeout: 0))
                .Select(r => new TrialBalanceRow(r.Account, FundOf(r.Fund), Money.FromDecimal(r.DebitBefore), Money.FromDecimal(r.CreditBefore),
                    Money.FromDecimal(r.Debit), Money.FromDecimal(r.Credit)))], ct);

    private static Fund? FundOf(string? code) => code is null ? null : Funds.Parse(code);
}
