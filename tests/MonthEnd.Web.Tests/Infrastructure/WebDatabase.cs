using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Store.Tests.Postgres;
using Npgsql;

namespace MonthEnd.Web.Tests.Infrastructure;

/// <summary>A real, empty database of one store for one host, and the plain SQL the tests check the ledger with.</summary>
public interface IWebDatabase : IAsyncDisposable
{
    /// <summary>The --db value.</summary>
    string Connection { get; }

    Task CreateAsync();

    /// <summary>The sums of debits and credits of a batch's ledger lines, in currency units, straight from the tables.</summary>
    Task<(decimal Debit, decimal Credit)> LedgerSumsAsync(string batchId);
}

public sealed class SqliteWebDatabase : IWebDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("monthend-web-").FullName;

    public string Connection => Path.Combine(_directory, "monthend.db");

    public Task CreateAsync() => Task.CompletedTask;

    public async Task<(decimal Debit, decimal Credit)> LedgerSumsAsync(string batchId)
    {
        await using var connection = new SqliteConnection($"Data Source={Connection};Pooling=False");
        // SQLite keeps money in whole sen.
        var (debit, credit) = await connection.QuerySingleAsync<(long, long)>("""
            SELECT coalesce(sum(l.debit_amount), 0), coalesce(sum(l.credit_amount), 0)
            FROM journal_entry_line l JOIN journal_entry_header h ON h.je_id = l.je_id WHERE h.batch_id = @batchId
            """, new { batchId });
        return (debit / 100m, credit / 100m);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow runner: the temp folder is cleaned by the OS later.
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresWebDatabase : IWebDatabase
{
    private string? _connection;

    public string Connection => _connection ?? throw new InvalidOperationException("the database is made by CreateAsync");

    public async Task CreateAsync() => _connection = await TestServer.CreateDatabaseAsync();

    public async Task<(decimal Debit, decimal Credit)> LedgerSumsAsync(string batchId)
    {
        await using var connection = new NpgsqlConnection(Connection);
        return await connection.QuerySingleAsync<(decimal, decimal)>("""
            SELECT coalesce(sum(l.debit_amount), 0), coalesce(sum(l.credit_amount), 0)
            FROM journal_entry_line l JOIN journal_entry_header h ON h.je_id = l.je_id WHERE h.batch_id = @batchId
            """, new { batchId });
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await TestServer.DropDatabaseAsync(_connection);
        }
    }
}
