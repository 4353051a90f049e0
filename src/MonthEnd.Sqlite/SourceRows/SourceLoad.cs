using Microsoft.Data.Sqlite;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;

namespace MonthEnd.Sqlite.SourceRows;

/// <summary>
/// An import's load table: a TEMP table on the import's own connection, kept in a temporary file
/// (temp_store = FILE: the connection's default keeps temp tables in memory, which a 1 GB file would
/// fill) and gone with the connection. Loading it locks nothing of the main database; only the move
/// takes the writer lock, for one INSERT … SELECT.
/// </summary>
internal sealed class SourceLoad : ISourceLoad
{
    private const int TempCacheMegabytes = 16;

    private readonly SqliteConnection _connection;
    private readonly WriterLock _writeGate;
    private readonly LoadTable _table;

    public SourceLoad(SqliteConnection connection, WriterLock writeGate, SourceKind kind)
    {
        _connection = connection;
        _writeGate = writeGate;
        _table = LoadTable.For(kind);
        SqliteDatabase.Execute(connection, $"""
            PRAGMA temp_store = FILE;
            PRAGMA temp.cache_size = -{TempCacheMegabytes * 1024};
            CREATE TEMP TABLE import_load ({_table.Definition});
            """);
    }

    public Task<long> AddPremiumsAsync(IEnumerable<PremiumRecord> premiums, CancellationToken ct) =>
        Task.FromResult(Add(premiums, (insert, p) => SourceRowWriter.Bind(insert.Bind(1, p.RowRef), p, first: 2), ct));

    public Task<long> AddClaimsAsync(IEnumerable<ClaimRecord> claims, CancellationToken ct) =>
        Task.FromResult(Add(claims, (insert, c) => SourceRowWriter.Bind(insert.Bind(1, c.RowRef), c, first: 2), ct));

    private long Add<T>(IEnumerable<T> records, Func<RawStatement, T, RawStatement> bind, CancellationToken ct)
    {
        long count = 0;
        using (var transaction = _connection.BeginTransaction(deferred: true))
        {
            using (var insert = new RawStatement(_connection, _table.Insert))
            {
                foreach (var record in records)
                {
                    bind(insert, record).Execute();
                    if (++count % 10_000 == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }
                }
            }

            transaction.Commit();
        }

        // After the load, not before: one sort instead of a million index insertions.
        SqliteDatabase.Execute(_connection, $"CREATE INDEX temp.ix_import_load_id ON import_load ({_table.Id}, line)");
        return count;
    }

    public Task<LoadDuplicates> FindDuplicatesAsync(int limit, CancellationToken ct)
    {
        var tally = new LoadDuplicateTally(limit);
        Collect(_table.Repeated, tally, hasFirstLine: true, ct);
        Collect(_table.Existing, tally, hasFirstLine: false, ct);
        return Task.FromResult(tally.Result);
    }

    public async Task<LoadMove> MoveAsync(int limit, CancellationToken ct)
    {
        using var writing = await _writeGate.EnterAsync("importing source rows", ct);
        using var transaction = _connection.BeginTransaction(deferred: false);
        var tally = new LoadDuplicateTally(limit);
        Collect(_table.Existing, tally, hasFirstLine: false, ct);
        if (tally.Result.Count > 0)
        {
            return new LoadMove(0, tally.Result);
        }

        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _table.Move;
        var moved = command.ExecuteNonQuery();
        transaction.Commit();
        return new LoadMove(moved, LoadDuplicates.None);
    }

    private void Collect(string sql, LoadDuplicateTally tally, bool hasFirstLine, CancellationToken ct)
    {
        using var query = new RawStatement(_connection, sql);
        while (query.Read())
        {
            tally.Add(new LoadDuplicate(query.Int64(0), query.Int64(1), hasFirstLine ? query.Int64(2) : null));
            ct.ThrowIfCancellationRequested();
        }
    }

    public ValueTask DisposeAsync()
    {
        // Closing the connection drops the TEMP table and deletes its file.
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
