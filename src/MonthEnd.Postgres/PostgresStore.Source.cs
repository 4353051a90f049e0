using System.Data;
using System.Runtime.CompilerServices;
using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres.SourceRows;
using Npgsql;

namespace MonthEnd.Postgres;

public sealed partial class PostgresStore
{
    // A period's rows, by payment (claim) date: dates compared as dates. A row whose date is NULL
    // (or a day no period reaches) is in no period; it is found apart, for any period
    // (SourceRows/StrayRows.cs), and refuses the batch.
    internal const string PremiumScope = "NOT batch_processed AND payment_date BETWEEN @start AND @end";

    internal const string ClaimScope = "NOT batch_processed AND claim_date BETWEEN @start AND @end";

    private const string PremiumScan =
        $"SELECT {SourceRowReader.PremiumColumns} FROM premium_transaction WHERE {PremiumScope} ORDER BY txn_id NULLS FIRST, row_id";

    private const string ClaimScan =
        $"SELECT {SourceRowReader.ClaimColumns} FROM claims_transaction WHERE {ClaimScope} ORDER BY claim_id NULLS FIRST, row_id";

    // The period's scan whose findings name whose record it is (pre-flight, validate-source).
    private const string PremiumScanWithHolders =
        $"SELECT {SourceRowReader.PremiumColumns}{SourceRowReader.HolderColumns} FROM premium_transaction WHERE {PremiumScope} ORDER BY txn_id NULLS FIRST, row_id";

    private const string ClaimScanWithHolders =
        $"SELECT {SourceRowReader.ClaimColumns}{SourceRowReader.HolderColumns} FROM claims_transaction WHERE {ClaimScope} ORDER BY claim_id NULLS FIRST, row_id";

    /// <summary>
    /// The period's source version: for premiums and for claims in scope, the number of rows, the
    /// sum of their xmin (the id of the transaction that wrote each row's current version) and the
    /// sum of a 64-bit hash of (row, xmin). Every insert, update (to the same values too) or delete
    /// writes a new row version or removes one, so it changes the count or the xmin of a row; that
    /// it leaves both sums as they were by accident has a chance of about 2^-64. Reads only the
    /// rows' headers, in a parallel scan: about 0.3 s for a million rows, against ~3 CPU-seconds for
    /// reading, checking and hashing them all again.
    /// </summary>
    private const string SourceVersionSql = $"""
        SELECT concat_ws('/', p.n, p.x, p.h, c.n, c.x, c.h) AS Version, p.n AS Premiums, c.n AS Claims
        FROM (SELECT count(*) AS n, coalesce(sum(x::bigint), 0) AS x, coalesce(sum(hashtextextended(x, row_id)), 0) AS h
              FROM (SELECT xmin::text AS x, row_id FROM premium_transaction WHERE {PremiumScope}) s) p,
             (SELECT count(*) AS n, coalesce(sum(x::bigint), 0) AS x, coalesce(sum(hashtextextended(x, row_id)), 0) AS h
              FROM (SELECT xmin::text AS x, row_id FROM claims_transaction WHERE {ClaimScope}) s) c
        """;

    /// <summary>
    /// The version, the counts and then the rows, in one REPEATABLE READ transaction: all of it one
    /// snapshot, so the version is exactly that of the rows scanned. A lost connection runs the
    /// whole read again on a new snapshot.
    /// </summary>
    public Task<T> ReadSourceSnapshotAsync<T>(Period period, Func<SourceSnapshot, CancellationToken, Task<T>> read, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await using var transaction = await BeginReadOnlyAsync(connection, snapshot: null, token);
            var (version, premiums, claims) = await SourceVersionAsync(connection, transaction, period);
            var result = await read(new SourceSnapshot(version, premiums, claims,
                ReadPremiumsAsync(connection, transaction, period, token, holders: true), ReadClaimsAsync(connection, transaction, period, token, holders: true),
                (posted, t) => StrayRows.ReadAsync(connection, transaction, period, posted, t)), token);
            await transaction.CommitAsync(token);
            return result;
        }, ct);

    /// <summary>
    /// A REPEATABLE READ, READ ONLY transaction: on a snapshot of its own, or on another
    /// transaction's exported one (SET takes no parameters; the identifier is the server's own,
    /// from pg_export_snapshot()).
    /// </summary>
    internal static async Task<NpgsqlTransaction> BeginReadOnlyAsync(NpgsqlConnection connection, string? snapshot, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        try
        {
            var imported = snapshot is null ? "" : $"; SET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "''", StringComparison.Ordinal)}'";
            await connection.ExecuteAsync("SET TRANSACTION READ ONLY" + imported, transaction: transaction);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    internal static Task<(string Version, long Premiums, long Claims)> SourceVersionAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period) =>
        connection.QuerySingleAsync<(string Version, long Premiums, long Claims)>(SourceVersionSql, PeriodArgs(period), transaction, commandTimeout: 0);

    /// <remarks>Streamed from one connection without retries: a scan that loses its connection fails and is run again.</remarks>
    public IAsyncEnumerable<PremiumRecord> ReadPremiumsAsync(Period period, CancellationToken ct) =>
        ScanOnOwnConnectionAsync(PremiumScanWithHolders, period, SourceRowReader.ReadPremium, ct);

    public IAsyncEnumerable<ClaimRecord> ReadClaimsAsync(Period period, CancellationToken ct) =>
        ScanOnOwnConnectionAsync(ClaimScanWithHolders, period, SourceRowReader.ReadClaim, ct);

    public Task AppendSourceAsync(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims, CancellationToken ct) =>
        RunAsync(async (connection, token) =>
        {
            await SourceRowWriter.AppendAsync(connection, premiums, claims, token);
            return true;
        }, ct);

    public Task<(long TxnId, long ClaimId)> MaxSourceIdsAsync(CancellationToken ct) =>
        RunAsync(async (connection, _) =>
        {
            var txn = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(txn_id), 0) FROM premium_transaction");
            var claim = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(claim_id), 0) FROM claims_transaction");
            return (txn, claim);
        }, ct);

    /// <param name="holders">Whether to read whose records they are too (<see cref="SourceRowReader.HolderColumns"/>): for findings only.</param>
    internal static IAsyncEnumerable<PremiumRecord> ReadPremiumsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period, CancellationToken ct, bool holders = false) =>
        ScanAsync(connection, transaction, holders ? PremiumScanWithHolders : PremiumScan, period, SourceRowReader.ReadPremium, ct);

    internal static IAsyncEnumerable<ClaimRecord> ReadClaimsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period, CancellationToken ct, bool holders = false) =>
        ScanAsync(connection, transaction, holders ? ClaimScanWithHolders : ClaimScan, period, SourceRowReader.ReadClaim, ct);

    // One iterator per row, not two: a scan on its own connection reads its rows itself instead of
    // re-yielding ScanAsync's (an async iterator step per row costs more than reading the row's ids).
    private async IAsyncEnumerable<T> ScanOnOwnConnectionAsync<T>(
        string sql, Period period, Func<NpgsqlDataReader, T> read, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await Resilience.ExecuteAsync(OpenAsync, ct);
        await using var command = ScanCommand(sql, connection, null, period);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return read(reader);
        }
    }

    private static async IAsyncEnumerable<T> ScanAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Period period, Func<NpgsqlDataReader, T> read,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = ScanCommand(sql, connection, transaction, period);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return read(reader);
        }
    }

    /// <remarks>Rows are small: the default (row-buffered) reader is cheaper per column than SequentialAccess.</remarks>
    private static NpgsqlCommand ScanCommand(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, Period period)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        AddPeriod(command, period);
        return command;
    }

    internal static object PeriodArgs(Period period) => new { start = period.Start, end = period.End };

    internal static void AddPeriod(NpgsqlCommand command, Period period)
    {
        command.Parameters.AddWithValue("start", period.Start);
        command.Parameters.AddWithValue("end", period.End);
    }
}
