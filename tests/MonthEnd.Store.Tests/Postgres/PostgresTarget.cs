using Dapper;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Postgres;
using MonthEnd.Store.Tests.Contract;
using Npgsql;

namespace MonthEnd.Store.Tests.Postgres;

/// <summary>A real PostgreSQL database of its own, created on the test server and dropped afterwards.</summary>
public sealed class PostgresTarget : IStoreTarget
{
    private string? _connection;

    public string Connection => _connection ?? throw new InvalidOperationException("the database is created by CreateStoreAsync");

    public async Task<IMonthEndStore> CreateStoreAsync()
    {
        _connection = await TestServer.CreateDatabaseAsync();
        var store = new PostgresStore(_connection);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public IMonthEndStore OpenStore() => new PostgresStore(Connection);

    public async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    public async Task<IReadOnlyList<object?[]>> RowsAsync(string sql, object? args = null)
    {
        await using var connection = await OpenAsync();
        return await QueryRows.ReadAsync(connection, sql, args);
    }

    public string InSen(string column) => $"CAST({column} * 100 AS BIGINT)";

    public async Task ExecuteOnStagingAsync(BatchRecord batch, int partitionNo, string sql, object? args = null)
    {
        await using var connection = await OpenAsync();
        var key = await connection.ExecuteScalarAsync<long>("SELECT batch_key FROM staging_month_end_master WHERE batch_id = @id", new { id = batch.BatchId });
        await connection.ExecuteAsync(sql.Replace("{header}", $"staging_je_header_b{key}").Replace("{line}", $"staging_je_line_b{key}"), args);
    }

    public string Processed => "batch_processed";

    public string Literal(DateOnly date) => $"DATE '{date:yyyy-MM-dd}'";

    public string Literal(Money amount) => amount.ToPlainString();

    public async Task<IReadOnlyList<string>> LedgerRowsAsync()
    {
        await using var connection = await OpenAsync();
        var headers = await connection.QueryAsync<string>("""
            SELECT concat_ws('|', je_id, je_number, je_date, je_type, reference_type, reference_id, coalesce(description, ''), total_debit,
                   total_credit, status, coa_version_id, template_code, created_by, batch_id)
            FROM journal_entry_header ORDER BY je_id
            """);
        var lines = await connection.QueryAsync<string>("""
            SELECT concat_ws('|', je_id, line_number, account_code, coalesce(fund_type, ''), debit_amount, credit_amount, coalesce(description, ''))
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
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO journal_entry_header (je_id, je_number, je_date, je_type, reference_type, reference_id, description, total_debit,
                total_credit, status, coa_version_id, template_code, created_by, posted_by, posted_at, batch_id, batch_created_at)
            VALUES (@n, @n, DATE '2025-01-31', 'MANUAL', 'MANUAL', 1, 'posted by hand', 1.00, 1.00, 'POSTED', 1, 'MANUAL', 'someone', 'someone',
                now(), 'MANUAL', now())
            """, new { n = jeNumber });
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await TestServer.DropDatabaseAsync(_connection);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync();
        return connection;
    }
}
