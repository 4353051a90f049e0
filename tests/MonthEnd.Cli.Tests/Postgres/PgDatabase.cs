using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using MonthEnd.Cli.Tests.Infrastructure;
using Npgsql;

namespace MonthEnd.Cli.Tests.Postgres;

/// <summary>
/// One test's own PostgreSQL database (monthend_fault_&lt;guid&gt;), created on the test server and
/// dropped with everything in it afterwards, plus a temporary working directory for the monthend
/// processes the test starts against it.
/// </summary>
public sealed class PgDatabase : IAsyncDisposable
{
    public const string Period = "2025-01";
    public const string BatchId = "2025-01-MONTHEND";

    /// <summary>How long the tests' own queries keep trying while the server restarts (a hang guard, not a timing assertion).</summary>
    private static readonly TimeSpan ReconnectGuard = TimeSpan.FromSeconds(90);

    private PgDatabase(string name, string directory)
    {
        Name = name;
        Directory = directory;
        Db = PgServer.CliConnection(name);
        TestConnection = PgServer.TestConnection(name);
    }

    public string Name { get; }

    /// <summary>The working directory of the monthend processes.</summary>
    public string Directory { get; }

    /// <summary>What monthend gets as --db.</summary>
    public string Db { get; }

    public string TestConnection { get; }

    public static async Task<PgDatabase> CreateAsync()
    {
        var name = "monthend_fault_" + Guid.NewGuid().ToString("N");
        await using (var admin = await PgServer.OpenAdminAsync())
        {
            await admin.ExecuteAsync($"CREATE DATABASE {name}");
        }

        var directory = Path.Combine(Path.GetTempPath(), "monthend-cli-tests", name);
        System.IO.Directory.CreateDirectory(directory);
        return new PgDatabase(name, directory);
    }

    /// <summary>Runs <c>monthend args… --db this-database</c> to the end.</summary>
    public Task<CliResult> CliAsync(params string[] args) => MonthEndProcess.RunAsync(Directory, [.. args, "--db", Db], KeyEnvironment);

    /// <summary>Runs <c>monthend args… --db this-database</c> with more environment variables (null: removed), e.g. as another user.</summary>
    public Task<CliResult> CliWithAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        MonthEndProcess.RunAsync(Directory, [.. args, "--db", Db], new Dictionary<string, string?>(KeyEnvironment.Concat(environment)));

    /// <summary>PostgreSQL has no key file beside the database: the tests give the key as a deployment would.</summary>
    public static IReadOnlyDictionary<string, string?> KeyEnvironment { get; } = new Dictionary<string, string?> { ["MONTHEND_AUDIT_KEY"] = TestIdentity.AuditKey };

    public RunningCli Start(params string[] args) => MonthEndProcess.Start(Directory, [.. args, "--db", Db], KeyEnvironment);

    /// <summary>init with the tests' first batch_admin (<see cref="TestIdentity"/>), as whom every command then runs.</summary>
    public async Task InitAsync() => (await CliAsync("init", "--admin", TestIdentity.Admin)).ShouldExitWith(0);

    public async Task InitAndGenerateAsync(long premiums, long claims, int seed)
    {
        await InitAsync();
        (await CliAsync("generate", "--period", Period, "--premiums", Str(premiums), "--claims", Str(claims), "--seed", Str(seed)))
            .ShouldExitWith(0);
    }

    public async Task<JsonElement> StatusAsync(string batchId = BatchId) =>
        Json.Parse((await CliAsync("status", "--batch-id", batchId, "--json")).ShouldExitWith(0));

    /// <summary>
    /// Runs the test's own query on a connection of its own (application_name monthend-fault-test),
    /// waiting while the server is restarting.
    /// </summary>
    public Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work) => RetryWhileUnreachableAsync(TestConnection, async () =>
    {
        await using var connection = new NpgsqlConnection(TestConnection);
        await connection.OpenAsync();
        return await work(connection);
    });

    public Task<T> ScalarAsync<T>(string sql, object? args = null) =>
        WithConnectionAsync(c => c.ExecuteScalarAsync<T>(sql, args))!;

    public Task<long> CountAsync(string sql, object? args = null) => ScalarAsync<long>(sql, args);

    public Task<List<T>> QueryAsync<T>(string sql, object? args = null) =>
        WithConnectionAsync(async c => (await c.QueryAsync<T>(sql, args)).ToList());

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args = null) =>
        WithConnectionAsync(c => c.QuerySingleOrDefaultAsync<T>(sql, args));

    public Task<int> ExecuteAsync(string sql, object? args = null) =>
        WithConnectionAsync(c => c.ExecuteAsync(sql, args));

    /// <summary>The batch's status as committed in the database; null before it exists.</summary>
    public Task<string?> BatchStatusAsync(string batchId = BatchId) =>
        ScalarAsync<string?>("SELECT status FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId });

    /// <summary>Source records staged so far: the sum of the partitions' checkpoints.</summary>
    public Task<long> StagedRecordsAsync(string batchId = BatchId) =>
        CountAsync("SELECT coalesce(sum(records_processed), 0) FROM staging_worker_partition WHERE batch_id = @batchId", new { batchId });

    public Task<long> BatchKeyAsync(string batchId = BatchId) =>
        CountAsync("SELECT batch_key FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId });

    public Task<List<(string Event, string Details)>> EventsAsync(string batchId = BatchId) =>
        QueryAsync<(string, string)>("SELECT event, details FROM batch_lifecycle_log WHERE batch_id = @batchId ORDER BY event_id", new { batchId });

    /// <summary>The product's sessions on this database (application_name 'monthend').</summary>
    public Task<long> ProductSessionsAsync() =>
        CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'monthend' AND pid <> pg_backend_pid()");

    /// <summary>
    /// Waits until the server has ended every session of a killed monthend process: a backend notices
    /// its client is gone only when it next talks to it, and until then it holds its locks.
    /// </summary>
    public async Task WaitForNoProductSessionsAsync()
    {
        using var guard = new CancellationTokenSource(MonthEndProcess.HangGuard);
        while (await ProductSessionsAsync() > 0)
        {
            guard.IsCancellationRequested.ShouldBeFalse("hang guard: the killed monthend process's server sessions did not end");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(TestConnection));
            await RetryWhileUnreachableAsync(PgServer.AdminTestConnection, async () =>
            {
                await using var admin = await PgServer.OpenAdminAsync();
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
                return true;
            });
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary directory; nothing in it matters.
            }
        }
    }

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<T> RetryWhileUnreachableAsync<T>(string connection, Func<Task<T>> work)
    {
        var deadline = DateTime.UtcNow + ReconnectGuard;
        while (true)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (IsUnreachable(e) && DateTime.UtcNow < deadline)
            {
                // The pool's connections died with the server's sessions.
                NpgsqlConnection.ClearPool(new NpgsqlConnection(connection));
                await Task.Delay(200);
            }
        }
    }

    /// <summary>The server is shutting down, starting up, or not listening (a restart in progress).</summary>
    private static bool IsUnreachable(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };
}
