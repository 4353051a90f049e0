using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite;

/// <summary>The last dry run of each period (<see cref="IDryRunRecords"/>), table dry_runs.</summary>
public sealed partial class SqliteStore : IDryRunRecords
{
    private const string DryRunColumns = "period, run_at, run_by, recommendation, report_json";

    public Task SaveDryRunAsync(DryRunRecord record, CancellationToken ct) =>
        WriteAsync((connection, transaction) => connection.Execute($"""
            INSERT INTO dry_runs ({DryRunColumns}) VALUES (@period, @runAt, @RunBy, @Recommendation, @ReportJson)
            ON CONFLICT (period) DO UPDATE SET run_at = excluded.run_at, run_by = excluded.run_by,
                recommendation = excluded.recommendation, report_json = excluded.report_json
            """, new { period = record.Period.ToString(), runAt = UtcText.Of(record.RunAt), record.RunBy, record.Recommendation, record.ReportJson },
            transaction), ct, "keeping a dry run's report");

    public Task<DryRunRecord?> LastDryRunAsync(Period period, CancellationToken ct)
    {
        using var connection = Database.Open();
        var row = connection.QuerySingleOrDefault<(string, string, string, string, string)?>(
            $"SELECT {DryRunColumns} FROM dry_runs WHERE period = @period", new { period = period.ToString() });
        return Task.FromResult(row is { } r ? Record(r) : null);
    }

    public Task<IReadOnlyList<DryRunRecord>> RecentDryRunsAsync(int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        using var connection = Database.Open();
        var rows = connection.Query<(string, string, string, string, string)>(
            $"SELECT {DryRunColumns} FROM dry_runs ORDER BY run_at DESC, period DESC LIMIT @limit", new { limit });
        return Task.FromResult<IReadOnlyList<DryRunRecord>>([.. rows.Select(Record)]);
    }

    private static DryRunRecord Record((string Period, string RunAt, string RunBy, string Recommendation, string Json) r) =>
        new(Period.Parse(r.Period), UtcText.Parse(r.RunAt), r.RunBy, r.Recommendation, r.Json);
}
