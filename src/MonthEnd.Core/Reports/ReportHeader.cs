using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Reports;

/// <summary>What every report says first: which batch and period, its state (with the reason a paused, failed or aborted batch gives), and who made the report when.</summary>
public sealed record ReportHeader(
    string Title,
    string BatchId,
    Period Period,
    string BatchKind,
    string Status,
    string? StatusReason,
    string InitiatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CommittedAt,
    DateTimeOffset GeneratedAt,
    string GeneratedBy)
{
    public static ReportHeader Of(string title, BatchRecord batch, DateTimeOffset generatedAt, string generatedBy) =>
        new(title, batch.BatchId, batch.Period, batch.Kind, batch.Status.Code(), batch.FailureReason, batch.InitiatedBy, batch.CreatedAt, batch.CommittedAt,
            generatedAt, generatedBy);
}
