using MonthEnd.Core.Storage;
using MonthEnd.Postgres;
using MonthEnd.Sqlite;

namespace MonthEnd.Cli.Hosting;

/// <summary>Picks the store from the --db value: a PostgreSQL connection string or URL, otherwise a SQLite file.</summary>
public static class StoreFactory
{
    public const string DefaultDatabase = "monthend.db";

    public static string Resolve(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Environment.GetEnvironmentVariable("MONTHEND_DB") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : DefaultDatabase;

    public static IMonthEndStore Open(string connection, PostgresOptions? postgres = null)
    {
        if (PostgresConnection.IsPostgres(connection))
        {
            return new PostgresStore(connection, postgres);
        }

        var path = connection.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? connection["Data Source=".Length..] : connection;
        return new SqliteStore(path);
    }

    /// <summary>Opens a database that <c>monthend init</c> has brought up to this version; refuses any other.</summary>
    public static async Task<IMonthEndStore> OpenInitialisedAsync(string connection, CancellationToken ct, PostgresOptions? postgres = null)
    {
        var store = Open(connection, postgres);
        try
        {
            await store.EnsureSchemaCurrentAsync(ct);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }
}
