using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using Npgsql;

namespace MonthEnd.Postgres.SourceRows;

/// <summary>
/// An import's load table: a TEMP table (unlogged, private to the session, dropped with it) filled
/// by binary COPY, indexed once loaded, checked, then moved into the source table in one
/// transaction. The move locks the source table in SHARE ROW EXCLUSIVE mode, which conflicts with
/// itself and with every row write: two imports move one after the other, each re-checking its
/// ids after the other's rows are in; other writers wait for the one INSERT … SELECT.
/// </summary>
internal sealed class SourceLoad : ISourceLoad
{
    private readonly NpgsqlConnection _connection;
    private readonly LoadTable _table;

    private SourceLoad(NpgsqlConnection connection, LoadTable table)
    {
        _connection = connection;
        _table = table;
    }

    public static async Task<SourceLoad> OpenAsync(NpgsqlConnection connection, SourceKind kind, CancellationToken ct)
    {
        var table = LoadTable.For(kind);
        try
        {
            await Execute(connection, null, $"CREATE TEMP TABLE import_load ({table.Definition})", ct);
            return new SourceLoad(connection, table);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<long> AddPremiumsAsync(IEnumerable<PremiumRecord> premiums, CancellationToken ct) =>
        AddAsync(premiums, (copy, p) =>
        {
            SourceRowWriter.Write(copy, p.RowRef, NpgsqlTypes.NpgsqlDbType.Bigint);
            SourceRowWriter.Write(copy, p);
        }, ct);

    public Task<long> AddClaimsAsync(IEnumerable<ClaimRecord> claims, CancellationToken ct) =>
        AddAsync(claims, (copy, c) =>
        {
            SourceRowWriter.Write(copy, c.RowRef, NpgsqlTypes.NpgsqlDbType.Bigint);
            SourceRowWriter.Write(copy, c);
        }, ct);

    private async Task<long> AddAsync<T>(IEnumerable<T> records, Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        long count = 0;
        await using (var copy = await _connection.BeginBinaryImportAsync($"COPY import_load (line, {_table.Columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var record in records)
            {
                await copy.StartRowAsync(ct);
                write(copy, record);
                count++;
            }

            await copy.CompleteAsync(ct);
        }

        // After the load, not before: one sort instead of a million index insertions; and statistics,
        // which a temp table never gets from autovacuum, so the checks' joins are planned on its size.
        await Execute(_connection, null, $"CREATE INDEX ON import_load ({_table.Id}, line); ANALYZE import_load", ct);
        return count;
    }

    public async Task<LoadDuplicates> FindDuplicatesAsync(int limit, CancellationToken ct)
    {
        var tally = new LoadDuplicateTally(limit);
        await CollectAsync(_table.Repeated, null, tally, hasFirstLine: true, ct);
        await CollectAsync(_table.Existing, null, tally, hasFirstLine: false, ct);
        return tally.Result;
    }

    public async Task<LoadMove> MoveAsync(int limit, CancellationToken ct)
    {
        await using var transaction = await _connection.BeginTransactionAsync(ct);
        await Execute(_connection, transaction, $"LOCK TABLE {_table.Source} IN SHARE ROW EXCLUSIVE MODE", ct);
        var tally = new LoadDuplicateTally(limit);
        await CollectAsync(_table.Existing, transaction, tally, hasFirstLine: false, ct);
        if (tally.Result.Count > 0)
        {
            return new LoadMove(0, tally.Result);
        }

        var moved = await Execute(_connection, transaction, _table.Move, ct);
        await transaction.CommitAsync(ct);
        return new LoadMove(moved, LoadDuplicates.None);
    }

    private async Task CollectAsync(string sql, NpgsqlTransaction? transaction, LoadDuplicateTally tally, bool hasFirstLine, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tally.Add(new LoadDuplicate(reader.GetInt64(0), reader.GetInt64(1), hasFirstLine ? reader.GetInt64(2) : null));
        }
    }

    // No command timeout: indexing, checking and moving a file of millions of rows takes as long as it takes
    // (the caller's token cancels it).
    private static async Task<int> Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        // The pool would keep the session, and its temp table, for the next user of the connection.
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                await Execute(_connection, null, "DROP TABLE IF EXISTS import_load", CancellationToken.None);
            }
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
