using System.Globalization;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;

namespace MonthEnd.Operations.Reversal;

/// <summary>`reverse`: asks for a committed batch to be reversed by compensating entries; a second batch_admin approves (<see cref="BatchReversal"/>).</summary>
public sealed class ReversalOperations(ApprovalOperations approvals)
{
    public Task<ApprovalRequest> RequestAsync(Caller caller, string? batchId, string? date, bool resetSource, string? reason, CancellationToken ct)
    {
        var id = Arguments.BatchId(batchId);
        var why = Arguments.Text("--reason", reason);
        var on = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : throw new InvalidArgumentException("--date", $"{Shown.Quote(date)} is not a date: use YYYY-MM-DD, e.g. 2025-02-01");
        return approvals.RequestAsync(caller, BatchReversal.Name, new ReversalSubject(id, on, resetSource).ToJson(), why, ct);
    }
}
