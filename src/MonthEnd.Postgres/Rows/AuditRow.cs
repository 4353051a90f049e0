using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;

namespace MonthEnd.Postgres.Rows;

/// <summary>An audit_batch_operations row as Dapper reads and writes it; performed_at is a timestamptz (microseconds, UTC).</summary>
internal sealed class AuditRow
{
    public const string Columns = """
        audit_id, batch_id, operation, performed_by, performed_at, ip_address, user_agent, operation_details, status, before_state,
        after_state, chain_version, previous_mac, mac
        """;

    public const string Values = """
        @audit_id, @batch_id, @operation, @performed_by, @performed_at, @ip_address, @user_agent, @operation_details, @status, @before_state,
        @after_state, @chain_version, @previous_mac, @mac
        """;

    public long audit_id { get; set; }
    public string? batch_id { get; set; }
    public string operation { get; set; } = "";
    public string performed_by { get; set; } = "";
    public DateTime performed_at { get; set; }
    public string? ip_address { get; set; }
    public string? user_agent { get; set; }
    public string operation_details { get; set; } = "";
    public string status { get; set; } = "";
    public string? before_state { get; set; }
    public string? after_state { get; set; }
    public int chain_version { get; set; }
    public byte[] previous_mac { get; set; } = [];
    public byte[] mac { get; set; } = [];

    public static AuditRow Of(AuditEntry entry)
    {
        var d = entry.Draft;
        return new AuditRow
        {
            audit_id = entry.AuditId, batch_id = d.BatchId, operation = d.Operation, performed_by = d.PerformedBy, performed_at = d.PerformedAt.UtcDateTime,
            ip_address = d.IpAddress, user_agent = d.UserAgent, operation_details = d.Details, status = d.Status.Code(), before_state = d.BeforeState,
            after_state = d.AfterState, chain_version = entry.ChainVersion, previous_mac = entry.PreviousMac, mac = entry.Mac,
        };
    }

    public AuditEntry ToEntry()
    {
        if (status is not ("SUCCESS" or "FAILED"))
        {
            throw new AuditRowUnreadableException(audit_id, $"status '{status}' is not one a row can have");
        }

        var draft = new AuditDraft(batch_id, operation, performed_by, MasterRow.Utc(performed_at)!.Value, ip_address, user_agent, operation_details,
            AuditStatuses.Parse(status), before_state, after_state);
        return new AuditEntry(audit_id, draft, chain_version, previous_mac, mac);
    }
}
