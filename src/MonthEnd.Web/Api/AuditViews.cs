using MonthEnd.Core.Audit;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Web.Api;

/// <summary>One row of the trail with its MAC, as the API and the audit page show it.</summary>
public sealed record AuditRowView(
    long AuditId, string? BatchId, string Operation, string PerformedBy, DateTimeOffset PerformedAt, string? IpAddress, string? UserAgent,
    string Status, string Details, string? BeforeState, string? AfterState, string Mac)
{
    public static AuditRowView Of(AuditEntry e) => new(
        e.AuditId, e.Draft.BatchId, e.Draft.Operation, e.Draft.PerformedBy, e.Draft.PerformedAt, e.Draft.IpAddress, e.Draft.UserAgent,
        e.Draft.Status.Code(), e.Draft.Details, e.Draft.BeforeState, e.Draft.AfterState, Convert.ToHexStringLower(e.Mac));
}

/// <summary>What audit verify found, as `audit verify --json` words it.</summary>
public sealed record AuditVerifyView(bool Intact, long RowsVerified, string? Head, string? Problem, long? ProblemAuditId,
    IReadOnlyList<string> BrokenSeals, IReadOnlyList<string> Unsealed, IReadOnlyList<string> RolledBack)
{
    public static AuditVerifyView Of(AuditReport r) => new(
        r.Intact, r.Chain.RowsVerified, r.Chain.Head?.ToString(), r.Chain.Problem?.Message, r.Chain.Problem?.AuditId,
        [.. r.Seals.Where(s => !s.Intact).Select(s => $"{s.BatchId}: {s.Summary()}").Concat(r.UnreadableSeals.Select(b => $"{b}: seal unreadable"))],
        r.Unsealed, r.RolledBack);
}
