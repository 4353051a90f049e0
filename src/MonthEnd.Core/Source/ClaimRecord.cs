using MonthEnd.Core.Accounting;

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
    string? Unreadable = null)
{
    public string Describe() => ClaimId is { } id ? $"claim claim_id {id}" : $"claim row {RowRef} (claim_id NULL)";
}
