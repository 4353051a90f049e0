using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Storage;

/// <summary>The last dry run of each period, kept in production (table dry_runs) for `status`. Implemented by both stores.</summary>
public interface IDryRunRecords
{
    /// <summary>Keeps this dry run as its period's last, replacing an earlier one.</summary>
    Task SaveDryRunAsync(DryRunRecord record, CancellationToken ct);

    Task<DryRunRecord?> LastDryRunAsync(Period period, CancellationToken ct);

    /// <summary>The last dry run of each period, the most recent first.</summary>
    Task<IReadOnlyList<DryRunRecord>> RecentDryRunsAsync(int limit, CancellationToken ct);
}

/// <summary>A period's last dry run: when, by whom, the verdict (PROCEED, WARNING, DO NOT PROCEED) and the whole report as JSON.</summary>
public sealed record DryRunRecord(Period Period, DateTimeOffset RunAt, string RunBy, string Recommendation, string ReportJson);
