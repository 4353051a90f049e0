using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;

namespace MonthEnd.Postgres;

/// <summary>The last dry run of each period (<see cref="IDryRunRecords"/>), table dry_runs.</summary>
public sealed partial class PostgresStore : IDryRunRecords
{
    private const string DryRunColumns = "period, run_at, run_by, recommendation, report_json::text";

    public Task SaveDryRunAsync(DryRunRecord record, CancellationToken ct) =>
        RunAsync((connection, _) => connection.ExecuteAsync("""
            INSERT INTO dry_runs (period, run_at, run_by, recommendation, report_json) VALUES (@period, @runAt, @RunBy, @Recommendation, @ReportJson::jsonb)
            ON CONFLICT (period) DO UPDATE SET run_at = excluded.run_at, run_by = excluded.run_by,
                recommendation = excluded.recommendation, report_json = excluded.report_json
            """, new { period = record.Period.ToString(), runAt = UtcTime.Of(record.RunAt), record.RunBy, record.Recommendation, record.ReportJson }), ct);

    public Task<DryRunRecord?> LastDryRunAsync(Period period, CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<(string, DateTime, string, string, string)?>(
                $"SELECT {DryRunColumns} FROM dry_runs WHERE period = @period", new { period = period.ToString() });
            return row is { } r ? Record(r) : null;
        }, ct);

    public Task<IReadOnlyList<DryRunRecord>> RecentDryRunsAsync(int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return RunAsync<IReadOnlyList<DryRunRecord>>(async (connection, _) =>
            [.. (await connection.QueryAsync<(string, DateTime, string, string, string)>(
                $"SELECT {DryRunColumns} FROM dry_runs ORDER BY run_at DESC, period DESC LIMIT @limit", new { limit })).Select(Record)], ct);
    }

    private static DryRunRecord Record((string Period, DateTime RunAt, string RunBy, string Recommendation, string Json) r) =>
        new(Period.Parse(r.Period), UtcTime.Read(r.RunAt), r.RunBy, r.Recommendation, r.Json);
}
