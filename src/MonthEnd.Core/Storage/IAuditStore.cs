using MonthEnd.Core.Audit;

namespace MonthEnd.Core.Storage;

/// <summary>
/// The audit trail (audit_batch_operations): one append-only chain per database, whatever the
/// number of processes writing to it.
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Appends one row at the end of the chain: under a lock that every appending process takes
    /// (so there is one chain, never a fork), reads the last row (null when the trail is empty),
    /// lets <paramref name="link"/> make the new row from it (number and MAC), and inserts it.
    /// The store refuses (<see cref="InvalidOperationException"/>, nothing written) a row that does not
    /// follow the last one: a number other than the next, or a previous MAC other than the last row's.
    /// The row is stored as <paramref name="link"/> returns it (its draft made canonical by
    /// <see cref="AuditChain.Link"/>), and returned.
    /// </summary>
    Task<AuditEntry> AppendAuditAsync(AuditDraft draft, Func<AuditEntry?, AuditDraft, AuditEntry> link, CancellationToken ct);

    /// <summary>The last row of the chain, or null.</summary>
    Task<AuditEntry?> AuditHeadAsync(CancellationToken ct);

    /// <summary>
    /// Rows matching the query, in audit_id order, streamed. A row whose stored values no appended row
    /// can have (edited by hand past the table's checks) is reported with <see cref="AuditRowUnreadableException"/>.
    /// </summary>
    IAsyncEnumerable<AuditEntry> ReadAuditAsync(AuditQuery query, CancellationToken ct);
}

/// <summary>A row of the trail whose stored values cannot be read as a row at all: tampered with, and named.</summary>
public sealed class AuditRowUnreadableException(long auditId, string reason)
    : Exception($"audit row {auditId} cannot be read: {reason}; it was edited in the database")
{
    public long AuditId { get; } = auditId;

    public string Reason { get; } = reason;
}
