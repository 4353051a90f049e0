using System.Diagnostics;
using Dapper;
using MonthEnd.Core.Storage;
using NpgsqlTypes;

namespace MonthEnd.Postgres;

/// <summary>
/// The pre-flight's probe (<see cref="IStoreProbe"/>): rows sent by binary COPY, as workers stage,
/// into a table made for the probe inside a transaction that is rolled back.
/// </summary>
public sealed partial class PostgresStore : IStoreProbe
{
    public async Task<WriteProbe> ProbeWriteAsync(int rows, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        await using var connection = await OpenAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A regular (logged) table, as staging is: a temporary one would skip the write-ahead log the probe means to measure.
        await connection.ExecuteAsync("""
            CREATE TABLE monthend_write_probe (je_id BIGINT PRIMARY KEY, account_code TEXT NOT NULL, debit_amount NUMERIC(18, 2) NOT NULL, description TEXT)
            """, transaction: transaction);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY monthend_write_probe (je_id, account_code, debit_amount, description) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 1; i <= rows; i++)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync((long)i, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync("4100-" + (i % 97), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(400_000m + i, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync("write-speed probe row", NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        await transaction.RollbackAsync(ct);
        return new WriteProbe(rows, clock.Elapsed);
    }

    /// <summary>Staging lives in the server's tablespace, whose free space PostgreSQL does not tell its clients.</summary>
    public Task<StagingSpace> StagingSpaceAsync(CancellationToken ct) =>
        Task.FromResult(new StagingSpace($"the PostgreSQL server's data directory ({Description})", null));
}
