using System.Globalization;
using Dapper;
using MonthEnd.Store.Tests.Postgres;
using MonthEnd.Store.Tests.Sqlite;
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

    /// <summary>One number straight from the tables (a count, a sum), by plain SQL both stores read alike.</summary>
    Task<long> CountAsync(string sql, object args);
}

/// <summary>A SQLite file in a temporary folder of its own (the store suite's <see cref="SqliteTarget"/>, which the host opens by path).</summary>
public sealed class SqliteWebDatabase : IWebDatabase
{
    private readonly SqliteTarget _target = new();

    public string Connection => _target.DatabasePath;

    public Task CreateAsync() => Task.CompletedTask;

    public async Task<(decimal Debit, decimal Credit)> LedgerSumsAsync(string batchId)
    {
        // SQLite keeps money in whole sen.
        var sums = await _target.RowsAsync("""
            SELECT coalesce(sum(l.debit_amount), 0), coalesce(sum(l.credit_amount), 0)
            FROM journal_entry_line l JOIN journal_entry_header h ON h.je_id = l.je_id WHERE h.batch_id = @batchId
            """, new { batchId });
        return (Convert.ToInt64(sums[0][0], CultureInfo.InvariantCulture) / 100m, Convert.ToInt64(sums[0][1], CultureInfo.InvariantCulture) / 100m);
    }

    public Task<long> CountAsync(string sql, object args) => _target.CountAsync(sql, args);

    public ValueTask DisposeAsync() => _target.DisposeAsync();
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

    public async Task<long> CountAsync(string sql, object args)
    {
        await using var connection = new NpgsqlConnection(Connection);
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await TestServer.DropDatabaseAsync(_connection);
        }
    }
}
