using MonthEnd.Core.Audit;

namespace MonthEnd.Core.Storage;

/// <summary>
/// The committed ledger measured against a batch's seal (<see cref="LedgerSeal"/>), read from
/// journal_entry_header and journal_entry_line as they are now. Implemented by both stores.
/// </summary>
public interface ILedgerSeals
{
    /// <summary>
    /// Hashes every entry and line numbered in the seal's range exactly as the commit's staging
    /// measurement hashes them (on SQLite from the raw column values, so a value of another type than
    /// its column's differs), adds them up per sealed range, counts the entries carrying the batch's
    /// id outside it, and compares (<see cref="LedgerSealCheck.Compare"/>); the first range whose
    /// content differs has its source records posted again to name the entry and column. All reads
    /// see one snapshot of the database.
    /// </summary>
    Task<SealVerification> VerifyLedgerSealAsync(LedgerSeal seal, CancellationToken ct);
}
