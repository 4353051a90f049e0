using System.Diagnostics;
using Npgsql;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the fault tests run against: MONTHEND_TEST_PG, a connection string of a role
/// that may create databases, and MONTHEND_TEST_PG_DIR, the cluster's directory, which the restart
/// test stops and starts again (scripts/test sets both). Without them the tests fail with this
/// message rather than pass unseen.
/// </summary>
public static class PgServer
{
    public const string ConnectionVariable = "MONTHEND_TEST_PG";
    public const string DirectoryVariable = "MONTHEND_TEST_PG_DIR";

    /// <summary>The tests' own connections say so, to be told apart from the product's (application_name 'monthend').</summary>
    public const string TestApplicationName = "monthend-fault-test";

    public static string AdminConnection =>
        Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ConnectionVariable} is not set: run the tests with scripts/test (it starts a throwaway PostgreSQL), or start one with " +
                $"`scripts/postgres start /tmp/pgfault` and export {ConnectionVariable}=<the printed connection string> {DirectoryVariable}=/tmp/pgfault");

    public static string DataDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{DirectoryVariable} is not set: the restart test needs the cluster's directory (scripts/postgres restart DIR); scripts/test sets it");

    /// <summary>The connection string a monthend process gets with --db: host, port, user of the admin string, and the database.</summary>
    public static string CliConnection(string database)
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminConnection);
        var builder = new NpgsqlConnectionStringBuilder { Host = admin.Host, Port = admin.Port, Username = admin.Username, Database = database };
        if (!string.IsNullOrEmpty(admin.Password))
        {
            builder.Password = admin.Password;
        }

        return builder.ConnectionString;
    }

    /// <summary>A connection string for the tests' own queries (pooled: the polls ask many times a second; a broken pool is cleared).</summary>
    public static string TestConnection(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnection)
        {
            Database = database,
            Pooling = true,
            MaxPoolSize = 4,
            ApplicationName = TestApplicationName,
            Timeout = 15,
            CommandTimeout = 120,
        }.ConnectionString;

    /// <summary>The tests' connection to the admin connection's own database (where databases are created and dropped).</summary>
    public static string AdminTestConnection => TestConnection(new NpgsqlConnectionStringBuilder(AdminConnection).Database ?? "postgres");

    public static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(AdminTestConnection);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// Stops the cluster (fast shutdown: every session is ended) and starts it again on the same port,
    /// with scripts/postgres restart, as an operator would.
    /// </summary>
    public static async Task RestartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres");
        var info = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("restart");
        info.ArgumentList.Add(DataDirectory);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start scripts/postgres restart");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(guard.Token);
        process.ExitCode.ShouldBe(0, $"scripts/postgres restart {DataDirectory} failed\n{await stdout}\n{await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "postgres")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"scripts/postgres not found above {AppContext.BaseDirectory}");
    }
}
