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
}
