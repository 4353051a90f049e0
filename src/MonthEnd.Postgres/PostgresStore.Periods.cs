using Dapper;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// Accounting periods (<see cref="IPeriodStore"/>). A change locks staging_month_end_master in SHARE
/// mode first: a batch being planned commits before the close looks (and the close is refused), or
/// waits and then meets the closed period in the table's trigger.
/// </summary>
public sealed partial class PostgresStore : IPeriodStore
{
    /// <summary>The SQLSTATE the closed-period trigger raises (migration 0011).</summary>
    internal const string ClosedPeriodState = "MEPC1";

    private const string PeriodColumns = "period, status, changed_at, changed_by, reason";

    public Task<AccountingPeriod> GetPeriodAsync(Period period, CancellationToken ct) =>
        RunAsync((connection, _) => FindPeriodAsync(connection, null, period), ct);

    public Task<IReadOnlyList<AccountingPeriod>> ListPeriodsAsync(CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var stored = (await connection.QueryAsync<PeriodRow>($"SELECT {PeriodColumns} FROM accounting_period")).Select(r => r.ToPeriod()).ToList();
            var batched = (await connection.QueryAsync<string>("SELECT DISTINCT period FROM staging_month_end_master")).Select(Period.Parse);
            return PeriodList.Merge(stored, batched);
        }, ct);

    public Task<AccountingPeriod> SetPeriodStatusAsync(Period period, PeriodStatus status, string changedBy, string reason, DateTimeOffset at, CancellationToken ct)
    {
        StoredText.Key(changedBy, "the user changing a period");
        return InTransactionAsync(async (connection, transaction, _) =>
        {
            await connection.ExecuteAsync("LOCK TABLE staging_month_end_master IN SHARE MODE", transaction: transaction);
            var current = await FindPeriodAsync(connection, transaction, period);
            var openBatch = await connection.QueryFirstOrDefaultAsync<string>(
                "SELECT batch_id FROM staging_month_end_master WHERE period = @period AND status = ANY(@open)",
                new { period = period.ToString(), open = BatchStatuses.Open.Select(s => s.Code()).ToArray() }, transaction);
            if (PeriodList.Refusal(current, status, openBatch) is { } refusal)
            {
                throw new PeriodStateException(period, refusal);
            }

            return (await connection.QuerySingleAsync<PeriodRow>($"""
                INSERT INTO accounting_period ({PeriodColumns}) VALUES (@period, @status, @at, @changedBy, @reason)
                ON CONFLICT (period) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at,
                    changed_by = excluded.changed_by, reason = excluded.reason
                RETURNING {PeriodColumns}
                """, new { period = period.ToString(), status = status.Code(), at = UtcTime.Of(at), changedBy, reason }, transaction)).ToPeriod();
        }, ct);
    }

    private static async Task<AccountingPeriod> FindPeriodAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period) =>
        (await connection.QuerySingleOrDefaultAsync<PeriodRow>($"SELECT {PeriodColumns} FROM accounting_period WHERE period = @period",
            new { period = period.ToString() }, transaction))?.ToPeriod() ?? AccountingPeriod.NeverClosed(period);
}
