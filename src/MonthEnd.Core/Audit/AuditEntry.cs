namespace MonthEnd.Core.Audit;

public enum AuditStatus
{
    Success,
    Failed,
}

public static class AuditStatuses
{
    /// <summary>The status column's value, as the original design writes it.</summary>
    public static string Code(this AuditStatus status) => status switch
    {
        AuditStatus.Success => "SUCCESS",
        AuditStatus.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown audit status"),
    };

    public static AuditStatus Parse(string code) => code switch
    {
        "SUCCESS" => AuditStatus.Success,
        "FAILED" => AuditStatus.Failed,
        _ => throw new FormatException($"'{code}' is not an audit status (SUCCESS, FAILED)"),
    };
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

/// <summary>
/// One row of the trail as stored: the draft (as <see cref="AuditChain.Canonical"/> made it storable), its
/// number in the chain, the serialization version, the previous row's MAC and its own. Two entries are
/// equal when every field is, the MACs byte by byte.
/// </summary>
public sealed record AuditEntry(long AuditId, AuditDraft Draft, int ChainVersion, byte[] PreviousMac, byte[] Mac)
{
    /// <summary>This row as the head of the chain, to be kept elsewhere and checked later.</summary>
    public AuditHead Head => new(AuditId, Convert.ToHexStringLower(Mac));

    public bool Equals(AuditEntry? other) =>
        other is not null && AuditId == other.AuditId && Draft == other.Draft && ChainVersion == other.ChainVersion
        && PreviousMac.AsSpan().SequenceEqual(other.PreviousMac) && Mac.AsSpan().SequenceEqual(other.Mac);

    public override int GetHashCode() => HashCode.Combine(AuditId, Draft, ChainVersion, Convert.ToHexString(Mac));
}

/// <summary>
/// Which rows to read, in audit_id order; every bound is optional. <paramref name="From"/> is
/// inclusive, <paramref name="To"/> exclusive; <paramref name="AfterId"/> skips rows up to that id;
/// <paramref name="Operation"/> (an extension of the first shape) picks one operation, e.g. the seals.
/// </summary>
public sealed record AuditQuery(
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? BatchId = null, long AfterId = 0, string? Operation = null)
{
    /// <summary>
    /// The time bounds in UTC rounded up to a whole microsecond: rows keep microseconds, so a store
    /// comparing performed_at &gt;= From and &lt; To with these picks exactly the rows the query means.
    /// </summary>
    public (DateTimeOffset? From, DateTimeOffset? To) StoredBounds => (Up(From), Up(To));

    private static DateTimeOffset? Up(DateTimeOffset? at) =>
        at is { } t ? new DateTimeOffset(t.UtcTicks + ((10 - (t.UtcTicks % 10)) % 10), TimeSpan.Zero) : null;
}
