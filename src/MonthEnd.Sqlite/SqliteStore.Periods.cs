using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.Rows;

namespace MonthEnd.Sqlite;

/// <summary>
/// Accounting periods (<see cref="IPeriodStore"/>). A close checks for open batches and writes the
/// period behind the write gate, where batches are planned too, so the two cannot interleave.
/// </summary>
public sealed partial class SqliteStore : IPeriodStore
{
    /// <summary>The text the closed-period triggers raise (migration 0007).</summary>
    internal const string ClosedPeriodError = "PERIOD_CLOSED";

    private const string PeriodColumns = "period, status, changed_at, changed_by, reason";

    public Task<AccountingPeriod> GetPeriodAsync(Period period, CancellationToken ct)
    {
        using var connection = Database.Open();
        return Task.FromResult(FindPeriod(connection, null, period));
    }

    public Task<IReadOnlyList<AccountingPeriod>> ListPeriodsAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        var stored = connection.Query<PeriodRow>($"SELECT {PeriodColumns} FROM accounting_period").Select(r => r.ToPeriod()).ToList();
        var batched = connection.Query<string>("SELECT DISTINCT period FROM staging_month_end_master").Select(Period.Parse);
        return Task.FromResult(PeriodList.Merge(stored, batched));
    }

    public Task<AccountingPeriod> SetPeriodStatusAsync(Period period, PeriodStatus status, string changedBy, string reason, DateTimeOffset at, CancellationToken ct)
    {
        StoredText.Key(changedBy, "the user changing a period");
        return WriteAsync((connection, transaction) =>
        {
            var current = FindPeriod(connection, transaction, period);
            var openBatch = connection.QueryFirstOrDefault<string>(
                "SELECT batch_id FROM staging_month_end_master WHERE period = @period AND status IN @open",
                new { period = period.ToString(), open = BatchStatuses.Open.Select(s => s.Code()).ToArray() }, transaction);
            if (PeriodList.Refusal(current, status, openBatch) is { } refusal)
            {
                throw new PeriodStateException(period, refusal);
            }

            return connection.QuerySingle<PeriodRow>($"""
                INSERT INTO accounting_period ({PeriodColumns}) VALUES (@period, @status, @at, @changedBy, @reason)
                ON CONFLICT (period) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at,
                    changed_by = excluded.changed_by, reason = excluded.reason
                RETURNING {PeriodColumns}
                """, new { period = period.ToString(), status = status.Code(), at = UtcText.Of(at), changedBy, reason }, transaction).ToPeriod();
        }, ct);
    }

    private static AccountingPeriod FindPeriod(SqliteConnection connection, SqliteTransaction? transaction, Period period) =>
        connection.QuerySingleOrDefault<PeriodRow>($"SELECT {PeriodColumns} FROM accounting_period WHERE period = @period",
            new { period = period.ToString() }, transaction)?.ToPeriod() ?? AccountingPeriod.NeverClosed(period);
}
