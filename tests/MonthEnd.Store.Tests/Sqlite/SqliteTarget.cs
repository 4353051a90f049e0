using Dapper;
using Microsoft.Data.Sqlite;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite;
using MonthEnd.Store.Tests.Contract;

namespace MonthEnd.Store.Tests.Sqlite;

/// <summary>A real SQLite database file in a temporary folder of its own.</summary>
public sealed class SqliteTarget : IStoreTarget
{
    private readonly string _directory = Directory.CreateTempSubdirectory("monthend-store-").FullName;

    public string DatabasePath => Path.Combine(_directory, "monthend.db");

    public async Task<IMonthEndStore> CreateStoreAsync()
    {
        var store = new SqliteStore(DatabasePath);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public IMonthEndStore OpenStore() => new SqliteStore(DatabasePath);

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = Open();
        await connection.ExecuteAsync(sql, args);
    }

    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var connection = Open();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    public async Task<IReadOnlyList<object?[]>> RowsAsync(string sql, object? args = null)
    {
        await using var connection = Open();
        return await QueryRows.ReadAsync(connection, sql, args);
    }

    public string InSen(string column) => column;

    public async Task ExecuteOnStagingAsync(BatchRecord batch, int partitionNo, string sql, object? args = null)
    {
        await using var connection = new SqliteConnection($"Data Source={new SqliteDatabase(DatabasePath).StagingFileOf(batch.BatchId)};Pooling=False");
        connection.Open();
        var suffix = partitionNo.ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        await connection.ExecuteAsync(sql.Replace("{header}", $"staging_je_header_p{suffix}").Replace("{line}", $"staging_je_line_p{suffix}"), args);
    }

    public string Processed => "batch_processed = 1";

    public string Literal(DateOnly date) => $"'{date:yyyy-MM-dd}'";

    public string Literal(Money amount) => amount.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<string>> LedgerRowsAsync()
    {
        await using var connection = Open();
        var headers = await connection.QueryAsync<string>("""
            SELECT je_id || '|' || je_number || '|' || je_date || '|' || je_type || '|' || reference_type || '|' || reference_id || '|'
                   || coalesce(description, '') || '|' || total_debit || '|' || total_credit || '|' || status || '|' || coa_version_id || '|'
                   || template_code || '|' || created_by || '|' || batch_id
            FROM journal_entry_header ORDER BY je_id
            """);
        var lines = await connection.QueryAsync<string>("""
            SELECT je_id || '|' || line_number || '|' || account_code || '|' || coalesce(fund_type, '') || '|' || debit_amount || '|'
                   || credit_amount || '|' || coalesce(description, '')
            FROM journal_entry_line ORDER BY je_id, line_number
            """);
        var funds = await connection.QueryAsync<string>("SELECT fund_type || '=' || current_balance FROM fund_balance ORDER BY fund_type");
        var flags = await connection.QueryAsync<string>("""
            SELECT 'P' || txn_id || ':' || batch_processed || ':' || coalesce(batch_id, '') FROM premium_transaction
            UNION ALL
            SELECT 'C' || claim_id || ':' || batch_processed || ':' || coalesce(batch_id, '') FROM claims_transaction
            """);
        return [.. headers, .. lines, .. funds, .. flags.Order(StringComparer.Ordinal)];
    }

    public async Task InsertForeignLedgerEntryAsync(long jeNumber)
    {
        await using var connection = Open();
        await connection.ExecuteAsync("""
            INSERT INTO journal_entry_header (je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit,
                total_credit, status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at)
            VALUES (@n, @n, '2025-01-31', 'MANUAL', 'MANUAL', 1, 'posted by hand', 100, 100, 'POSTED', 1, 'MANUAL', 'someone', 'someone',
                '2025-01-31T00:00:00Z', 'MANUAL', '2025-01-31T00:00:00Z')
            """, new { n = jeNumber });
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

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=60");
        connection.Open();
        return connection;
    }
}
