namespace MonthEnd.Core.Audit;

public enum AuditStatus
{
    Success,
    Failed,
}

/// <summary>
/// What an operation wants recorded in audit_batch_operations (the original design's fields);
/// the chain adds the row's number and its MAC when it is appended.
/// </summary>
/// <param name="Details">operation_details: a JSON object, already free of personal data.</param>
/// <param name="BeforeState">A JSON value or null.</param>
/// <param name="AfterState">A JSON value or null.</param>
public sealed record AuditDraft(
    string? BatchId,
    string Operation,
    string PerformedBy,
    DateTimeOffset PerformedAt,
    string? IpAddress,
    string? UserAgent,
    string Details,
    AuditStatus Status,
    string? BeforeState,
    string? AfterState);

/// <summary>One row of the trail as stored: the draft, its number in the chain, the serialization version, the previous row's MAC and its own.</summary>
public sealed record AuditEntry(long AuditId, AuditDraft Draft, int ChainVersion, byte[] PreviousMac, byte[] Mac);

/// <summary>Which rows to read, in audit_id order; every bound is optional.</summary>
public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, string? BatchId = null, long AfterId = 0);
