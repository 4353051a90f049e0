using Npgsql;

namespace MonthEnd.Store.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests use: MONTHEND_TEST_PG, a connection string to a role allowed to
/// create databases. scripts/test starts a throwaway cluster and sets it; to use an existing server,
/// set it yourself. Without it the PostgreSQL tests fail with this message rather than pass unseen.
/// </summary>
public static class TestServer
{
    public const string Variable = "MONTHEND_TEST_PG";

    public static string AdminConnection =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: run the tests with scripts/test (it starts a throwaway PostgreSQL), " +
                $"or set {Variable}=\"Host=...;Port=...;Username=...;Password=...;Database=postgres\" for a server of your own");

    /// <summary>Creates an empty database of its own for one test and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "monthend_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var admin = new NpgsqlConnection(AdminConnection);
        await admin.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name, Pooling = true, MaxPoolSize = 30 }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connection)
    {
        var name = new NpgsqlConnectionStringBuilder(connection).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
