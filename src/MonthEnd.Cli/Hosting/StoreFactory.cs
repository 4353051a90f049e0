using MonthEnd.Core.Storage;
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

    public static bool IsPostgres(string connection) =>
        connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || connection.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static IMonthEndStore Open(string connection)
    {
        if (IsPostgres(connection))
        {
            throw new NotSupportedException("the PostgreSQL store is not part of this build yet; use a SQLite file");
        }

        var path = connection.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? connection["Data Source=".Length..] : connection;
        return new SqliteStore(path);
    }
}
