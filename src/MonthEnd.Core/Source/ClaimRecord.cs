using MonthEnd.Core.Accounting;
using MonthEnd.Core.Privacy;

namespace MonthEnd.Core.Source;

/// <summary>A claims_transaction row as stored upstream, before any check (see <see cref="PremiumRecord"/>).</summary>
public sealed record ClaimRecord(
    long RowRef,
    long? ClaimId,
    long? PolicyId,
    DateOnly? ClaimDate,
    string? ClaimType,
    Money? ClaimAmount,
    string? Status,
    RedactableText? Unreadable = null,
    [property: MaskedData] string? AccountNumber = null,
    [property: MaskedData] string? PolicyHolderId = null)
{
    public string Describe() => ClaimId is { } id ? $"claim claim_id {id}" : $"claim row {RowRef} (claim_id NULL)";

    /// <summary>The record's name only: a record printed by mistake shows none of its personal data.</summary>
    public override string ToString() => Describe();
}
