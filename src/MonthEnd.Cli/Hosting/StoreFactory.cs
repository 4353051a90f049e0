using MonthEnd.Core.Text;
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
            try
            {
                return new PostgresStore(connection, postgres);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
            {
                // Neither the string nor the parser's exception goes on: either may quote part of the password.
                throw new FormatException($"--db is not a valid PostgreSQL connection string: {PostgresConnection.WhyInvalid(e)}");
            }
        }

        return new SqliteStore(CheckedSqlitePath(SqlitePath(connection)));
    }

    /// <summary>The file a SQLite --db value names.</summary>
    public static string SqlitePath(string connection) =>
        connection.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? connection["Data Source=".Length..] : connection;

    /// <summary>A SQLite file path that can be one: not a directory, in a directory that exists.</summary>
    private static string CheckedSqlitePath(string path)
    {
        if (Directory.Exists(path) || path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
        {
            throw new FormatException($"--db {Shown.Quote(path)} {(Directory.Exists(path) ? "is" : "names")} a directory; give a SQLite database file " +
                                      $"(e.g. {Path.Combine(path, DefaultDatabase)}) or a PostgreSQL connection string");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new FormatException($"--db {Shown.Quote(path)}: the directory {Shown.Quote(directory)} does not exist");
        }

        return path;
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
