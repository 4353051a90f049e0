using MonthEnd.Core.Approvals;

namespace MonthEnd.Postgres.Rows;

/// <summary>An approval_request row as Dapper reads it.</summary>
internal sealed class ApprovalRow
{
    public const string Columns = """
        request_id, operation, subject, reason, requested_by, requested_at, expires_at, status, decided_by, decided_at, outcome
        """;

    public long request_id { get; set; }
    public string operation { get; set; } = "";
    public string subject { get; set; } = "";
    public string reason { get; set; } = "";
    public string requested_by { get; set; } = "";
    public DateTime requested_at { get; set; }
    public DateTime expires_at { get; set; }
    public string status { get; set; } = "";
    public string? decided_by { get; set; }
    public DateTime? decided_at { get; set; }
    public string? outcome { get; set; }

    public ApprovalRequest ToRequest() => new(
        request_id, operation, subject, reason, requested_by, UtcTime.Read(requested_at), UtcTime.Read(expires_at),
        ApprovalStatuses.Parse(status), decided_by, UtcTime.ReadOrNull(decided_at), outcome);
}
