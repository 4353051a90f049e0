using System.Runtime.CompilerServices;
using Dapper;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.SourceRows;
using Microsoft.Data.Sqlite;

namespace MonthEnd.Sqlite;

public sealed partial class SqliteStore
{
    // A period's rows, by payment (claim) date. The text comparison is a coarse filter: a row is in
    // the period only when its date is canonical 'YYYY-MM-DD' text of a real day (ReadPremiums and
    // ReadClaims drop the others, e.g. '2025-01-00'). Every row whose date is no date, NULL
    // included, is found apart, for any period (SourceRows/StrayRows.cs), and refuses the batch.
    internal const string PremiumScope = "batch_processed = 0 AND payment_date BETWEEN @start AND @end";

    internal const string ClaimScope = "batch_processed = 0 AND claim_date BETWEEN @start AND @end";

    /// <summary>
    /// The counts and then the rows in one read transaction on one connection (WAL: one snapshot).
    /// No version: SQLite keeps no row versions to tell a rewritten row from an untouched one, so
    /// the commit always re-reads the source.
    /// </summary>
    public async Task<T> ReadSourceSnapshotAsync<T>(Period period, Func<SourceSnapshot, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var connection = Database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        var args = PeriodArgs(period);
        var premiums = connection.ExecuteScalar<long>($"SELECT count(*) FROM premium_transaction WHERE {PremiumScope}", args, transaction);
        var claims = connection.ExecuteScalar<long>($"SELECT count(*) FROM claims_transaction WHERE {ClaimScope}", args, transaction);
        var result = await read(new SourceSnapshot(null, premiums, claims,
            Streamed(ReadAhead.Of(ReadPremiums(connection, period, holders: true), ct), ct),
            Streamed(ReadAhead.Of(ReadClaims(connection, period, holders: true), ct), ct),
            (posted, _) => Task.FromResult(StrayRows.Read(connection, period, posted))), ct);
        transaction.Commit();
        return result;
    }

    private static async IAsyncEnumerable<T> Streamed<T>(IEnumerable<T> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    public IAsyncEnumerable<PremiumRecord> ReadPremiumsAsync(Period period, CancellationToken ct) =>
        Streamed(OnOwnConnection(connection => ReadPremiums(connection, period, holders: true)), ct);

    public IAsyncEnumerable<ClaimRecord> ReadClaimsAsync(Period period, CancellationToken ct) =>
        Streamed(OnOwnConnection(connection => ReadClaims(connection, period, holders: true)), ct);

    /// <summary>Rows read on a connection opened when the first is wanted and closed after the last.</summary>
    private IEnumerable<T> OnOwnConnection<T>(Func<SqliteConnection, IEnumerable<T>> read)
    {
        using var connection = Database.Open();
        foreach (var row in read(connection))
        {
            yield return row;
        }
    }

    public async Task AppendSourceAsync(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims, CancellationToken ct)
    {
        using var writing = await WriteGate.EnterAsync("appending source rows", ct);
        using var connection = Database.Open(SqliteDatabase.CommitCacheMegabytes);
        SourceRowWriter.Append(connection, premiums, claims, ct);
    }

    public Task<(long TxnId, long ClaimId)> MaxSourceIdsAsync(CancellationToken ct)
    {
        using var connection = Database.Open();
        var txn = connection.ExecuteScalar<long>("SELECT coalesce(max(txn_id), 0) FROM premium_transaction");
        var claim = connection.ExecuteScalar<long>("SELECT coalesce(max(claim_id), 0) FROM claims_transaction");
        return Task.FromResult((txn, claim));
    }

    internal static object PeriodArgs(Period period) => new { start = period.Start.ToString("yyyy-MM-dd"), end = period.End.ToString("yyyy-MM-dd") };

}
