using Dapper;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.Rows;

namespace MonthEnd.Postgres;

/// <summary>The server's clock (<see cref="IDatabaseClock"/>), the one leases, heartbeats and events are stamped with on every worker machine.</summary>
public sealed partial class PostgresStore : IDatabaseClock
{
    public Task<DateTimeOffset> DatabaseNowAsync(CancellationToken ct) =>
        RunAsync(async (connection, _) => MasterRow.Utc(await connection.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()"))!.Value, ct);
}
