using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Storage;

/// <summary>
/// The committed ledger summed for reports, read-only, each call in one snapshot of the database.
/// Implemented by both stores; the reports (Core/Reports) add nothing that is not read here or from
/// the batch's own rows, so every number in them reconciles to journal_entry_header/line.
/// </summary>
public interface ILedgerReports
{
    /// <summary>What the ledger holds in the batch's JE range, per account and fund, and each fund's ledger balance before it.</summary>
    Task<BatchLedger> ReadBatchLedgerAsync(BatchRecord batch, CancellationToken ct);

    /// <summary>Per account and fund, by je_date: the sums of every entry before the period, and the period's debits and credits.</summary>
    Task<IReadOnlyList<TrialBalanceRow>> ReadTrialBalanceAsync(Period period, CancellationToken ct);
}

/// <summary>One account and fund's lines in a range of the ledger (fund null: bank, payables).</summary>
public sealed record AccountMovement(string AccountCode, Fund? Fund, long Lines, Money Debit, Money Credit);

/// <summary>
/// A batch's entries as the ledger holds them: how many, how many distinct premiums and claims they
/// post and for how much (an entry's total debit), every account and fund's movement, and each fund's
/// balance (credits − debits) over all the entries numbered before the batch.
/// </summary>
public sealed record BatchLedger(
    long Entries,
    long PremiumsPosted,
    Money PremiumAmount,
    long ClaimsPosted,
    Money ClaimAmount,
    IReadOnlyList<AccountMovement> Accounts,
    FundAmounts FundsBefore);

/// <summary>An account and fund's sums for a trial balance: everything dated before the period, and the period itself.</summary>
public sealed record TrialBalanceRow(string AccountCode, Fund? Fund, Money DebitBefore, Money CreditBefore, Money Debit, Money Credit);
