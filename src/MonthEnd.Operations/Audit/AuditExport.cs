using System.Globalization;
using MonthEnd.Core.Audit;

namespace MonthEnd.Operations.Audit;

/// <summary>The trail's rows as an export shows them: every field the MAC covers, and the MACs in hex.</summary>
public static class AuditExport
{
    private static readonly string[] Columns =
    [
        "audit_id", "batch_id", "operation", "performed_by", "performed_at", "ip_address", "user_agent", "status",
        "operation_details", "before_state", "after_state", "chain_version", "previous_mac", "mac",
    ];

    public static object View(AuditEntry e) => new
    {
        audit_id = e.AuditId,
        batch_id = e.Draft.BatchId,
        operation = e.Draft.Operation,
        performed_by = e.Draft.PerformedBy,
        performed_at = e.Draft.PerformedAt,
        ip_address = e.Draft.IpAddress,
        user_agent = e.Draft.UserAgent,
        status = e.Draft.Status.ToString().ToUpperInvariant(),
        operation_details = e.Draft.Details,
        before_state = e.Draft.BeforeState,
        after_state = e.Draft.AfterState,
        chain_version = e.ChainVersion,
        previous_mac = Convert.ToHexStringLower(e.PreviousMac),
        mac = Convert.ToHexStringLower(e.Mac),
    };

    public static async Task WriteCsvAsync(TextWriter output, IEnumerable<AuditEntry> rows)
    {
        await output.WriteLineAsync(string.Join(',', Columns));
        foreach (var e in rows)
        {
            string?[] cells =
            [
                e.AuditId.ToString(CultureInfo.InvariantCulture), e.Draft.BatchId, e.Draft.Operation, e.Draft.PerformedBy,
                e.Draft.PerformedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture), e.Draft.IpAddress, e.Draft.UserAgent,
                e.Draft.Status.ToString().ToUpperInvariant(), e.Draft.Details, e.Draft.BeforeState, e.Draft.AfterState,
                e.ChainVersion.ToString(CultureInfo.InvariantCulture), Convert.ToHexStringLower(e.PreviousMac), Convert.ToHexStringLower(e.Mac),
            ];
            await output.WriteLineAsync(string.Join(',', cells.Select(Cell)));
        }
    }

    // RFC 4180 quoting; a leading = + - @ is defused so that a spreadsheet never runs a cell as a formula.
    private static string Cell(string? value) => MonthEnd.Core.Text.SpreadsheetText.CsvCell(value);
}
