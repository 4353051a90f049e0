using MonthEnd.Core.Accounting;
using MonthEnd.Core.Privacy;

namespace MonthEnd.Core.Source;

/// <summary>
/// A premium_transaction row as stored upstream, before any check: every field may be missing.
/// <paramref name="RowRef"/> is the store's physical row id, used to name a row whose txn_id is NULL;
/// <paramref name="Unreadable"/> names fields the store could not read exactly (e.g. a REAL amount).
/// <paramref name="AccountNumber"/> and <paramref name="PolicyHolderId"/> are personal data: nothing
/// posts them; a finding about the record shows them masked (<see cref="SourceViolation"/>). Only the
/// period's scan (pre-flight, validate-source) reads them: records read for posting leave them null.
/// </summary>
public sealed record PremiumRecord(
    long RowRef,
    long? TxnId,
    long? PolicyId,
    DateOnly? TxnDate,
    DateOnly? PaymentDate,
    Money? PremiumAmount,
    Money? FundTabarru,
    Money? FundTanahud,
    Money? FundUjroh,
    string? ProductCode,
    string? PlanCode,
    string? PaymentMethod,
    string? Status,
    RedactableText? Unreadable = null,
    [property: MaskedData] string? AccountNumber = null,
    [property: MaskedData] string? PolicyHolderId = null)
{
    public string Describe() => TxnId is { } id ? $"premium txn_id {id}" : $"premium row {RowRef} (txn_id NULL)";

    /// <summary>The record's name only: a record printed by mistake shows none of its personal data.</summary>
    public override string ToString() => Describe();
}
