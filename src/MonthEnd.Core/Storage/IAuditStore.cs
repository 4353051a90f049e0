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
    /// </summary>
    Task<AuditEntry> AppendAuditAsync(AuditDraft draft, Func<AuditEntry?, AuditDraft, AuditEntry> link, CancellationToken ct);

    /// <summary>The last row of the chain, or null.</summary>
    Task<AuditEntry?> AuditHeadAsync(CancellationToken ct);

    /// <summary>Rows matching the query, in audit_id order, streamed.</summary>
    IAsyncEnumerable<AuditEntry> ReadAuditAsync(AuditQuery query, CancellationToken ct);
}
