using MonthEnd.Core.Approvals;

namespace MonthEnd.Sqlite.Rows;

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
    public string requested_at { get; set; } = "";
    public string expires_at { get; set; } = "";
    public string status { get; set; } = "";
    public string? decided_by { get; set; }
    public string? decided_at { get; set; }
    public string? outcome { get; set; }

    public ApprovalRequest ToRequest() => new(
        request_id, operation, subject, reason, requested_by, UtcText.Parse(requested_at), UtcText.Parse(expires_at),
        ApprovalStatuses.Parse(status), decided_by, UtcText.ParseOrNull(decided_at), outcome);
}
