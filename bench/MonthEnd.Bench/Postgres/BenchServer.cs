using System.Data;
using System.Diagnostics;
using Dapper;
using MonthEnd.Postgres;
using Npgsql;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// The PostgreSQL server the benchmark runs on: a durable cluster it starts itself with
/// scripts/postgres (fsync, synchronous_commit and full_page_writes on), or the server --db names.
/// It creates one database per measured run from a template holding the generated source, so
/// every run starts from the same state, and drops them afterwards.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly string? _clusterDirectory;
    private readonly bool _keep;

    private BenchServer(string connection, string? clusterDirectory, bool keep)
    {
        Connection = connection;
        _clusterDirectory = clusterDirectory;
        _keep = keep;
    }

    /// <summary>The maintenance database (postgres, or the one --db names).</summary>
    public string Connection { get; }

    public bool Started => _clusterDirectory is not null;

    public static async Task<BenchServer> OpenAsync(BenchOptions options)
    {
        if (options.Database is { } given)
        {
            return new BenchServer(PostgresConnection.Normalize(given), null, options.Keep);
        }

        var directory = Path.Combine(Path.GetFullPath(options.Directory), "pg");
        if (Directory.Exists(directory))
        {
            await ScriptAsync("stop", directory);
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var connection = (await ScriptAsync("start", directory, "--durable")).Trim().Split('\n')[^1];
        return new BenchServer(connection, directory, options.Keep);
    }

    public string ConnectionTo(string database) =>
        new NpgsqlConnectionStringBuilder(Connection) { Database = database }.ConnectionString;

    /// <summary>One line for the report: version, durability settings, memory settings.</summary>
    public async Task<string> DescribeAsync()
    {
        await using var connection = await OpenAdminAsync();
        var version = await connection.ExecuteScalarAsync<string>("SHOW server_version");
        var settings = await connection.QueryAsync<(string Name, string Setting)>("""
            SELECT name, current_setting(name) FROM pg_settings
            WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_level', 'shared_buffers', 'work_mem',
                           'maintenance_work_mem', 'max_wal_size', 'checkpoint_timeout')
            ORDER BY name
            """);
        return $"PostgreSQL {version} at {PostgresConnection.Describe(Connection)}{(Started ? " (started by the harness)" : "")}: " +
               string.Join(", ", settings.Select(s => $"{s.Name}={s.Setting}"));
    }

    /// <summary>A new database, a copy of <paramref name="template"/> when given (file copy: the same pages, hint bits and statistics).</summary>
    public async Task CreateDatabaseAsync(string name, string? template = null)
    {
        await DropDatabaseAsync(name);
        await using var connection = await OpenAdminAsync();
        var from = template is null ? "" : $" TEMPLATE {Quote(template)} STRATEGY FILE_COPY";
        await connection.ExecuteAsync($"CREATE DATABASE {Quote(name)}{from}", commandTimeout: 0);
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = await OpenAdminAsync();
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", commandTimeout: 0);
    }

    /// <summary>Writes every dirty page now, so that a measured run does not pay for the one before it.</summary>
    public async Task CheckpointAsync()
    {
        await using var connection = await OpenAdminAsync();
        try
        {
            await connection.ExecuteAsync("CHECKPOINT", commandTimeout: 0, commandType: CommandType.Text);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("  (no privilege to CHECKPOINT on this server: runs may pay for each other's writes)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterDirectory is null)
        {
            return;
        }

        if (_keep)
        {
            Console.WriteLine($"cluster kept running: {Connection} (stop it with scripts/postgres stop {_clusterDirectory})");
            return;
        }

        await ScriptAsync("stop", _clusterDirectory);
        Directory.Delete(_clusterDirectory, recursive: true);
    }

    private async Task<NpgsqlConnection> OpenAdminAsync()
    {
        // Not pooled: an idle pooled connection to a template would block CREATE DATABASE … TEMPLATE.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Connection) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<string> ScriptAsync(params string[] args)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres");
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"scripts/postgres {string.Join(' ', args)} failed (exit {process.ExitCode})");
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "scripts", "postgres")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("scripts/postgres not found above the harness; run it from the repository (bench/run) or pass --db");
    }
}
