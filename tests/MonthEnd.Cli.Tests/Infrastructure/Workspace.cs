using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace MonthEnd.Cli.Tests.Infrastructure;

/// <summary>
/// One test's own temporary directory: the working directory of every monthend process the test
/// starts, holding its database file (with the <c>-staging</c> and <c>-archive</c> folders beside it).
/// </summary>
public sealed class Workspace : IDisposable
{
    private const int SqliteError = 1;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCantOpen = 14;

    public Workspace(string databaseName = "monthend.db")
    {
        Directory = Path.Combine(Path.GetTempPath(), "monthend-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        Db = Path.Combine(Directory, databaseName);
    }

    public string Directory { get; }

    public string Db { get; }

    /// <summary>The main database's rollback journal (journal_mode=TRUNCATE: non-empty only inside a write transaction).</summary>
    public string Journal => Db + "-journal";

    public string StagingFile(string batchId) =>
        Path.Combine(Directory, Path.GetFileNameWithoutExtension(Db) + "-staging", batchId + ".staging.db");

    public string ArchiveFile(string batchId) =>
        Path.Combine(Directory, Path.GetFileNameWithoutExtension(Db) + "-archive", batchId + ".staging.db");

    /// <summary>Runs <c>monthend args… --db this-database</c> to the end.</summary>
    public Task<CliResult> CliAsync(params string[] args) => MonthEndProcess.RunAsync(Directory, [.. args, "--db", Db]);

    /// <summary>Runs <c>monthend args… --db this-database</c> with these environment variables (null: removed), e.g. as another user.</summary>
    public Task<CliResult> CliWithAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        MonthEndProcess.RunAsync(Directory, [.. args, "--db", Db], environment);

    /// <summary>Runs <c>monthend args…</c> in this directory without a --db option.</summary>
    public Task<CliResult> CliWithoutDbAsync(params string[] args) => MonthEndProcess.RunAsync(Directory, args);

    public RunningCli Start(params string[] args) => MonthEndProcess.Start(Directory, [.. args, "--db", Db]);

    /// <summary>init with the tests' first batch_admin (<see cref="TestIdentity"/>), as whom every command then runs.</summary>
    public async Task InitAsync() => (await CliAsync("init", "--admin", TestIdentity.Admin)).ShouldExitWith(0);

    public async Task InitAndGenerateAsync(string period, long premiums, long claims, int seed = 42)
    {
        await InitAsync();
        (await CliAsync("generate", "--period", period, "--premiums", premiums.ToString(), "--claims", claims.ToString(), "--seed", seed.ToString()))
            .ShouldExitWith(0);
    }

    public async Task<JsonElement> StatusAsync(string batchId)
    {
        var status = (await CliAsync("status", "--batch-id", batchId, "--json")).ShouldExitWith(0);
        return Json.Parse(status);
    }

    public SqliteConnection Open(bool readOnly = false, int timeoutSeconds = 60) => OpenFile(Db, readOnly, timeoutSeconds);

    public static SqliteConnection OpenFile(string path, bool readOnly = false, int timeoutSeconds = 60)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = timeoutSeconds,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Records staged so far by the batch's workers, from the checkpoints in its staging file, read
    /// while the run writes it; null while the file or its tables do not exist yet or it is busy.
    /// </summary>
    public long? StagedRecords(string batchId)
    {
        var path = StagingFile(batchId);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var staging = OpenFile(path, readOnly: true, timeoutSeconds: 1);
            return staging.ExecuteScalar<long>("SELECT coalesce(sum(records_processed), 0) FROM staging_partition_checkpoint");
        }
        catch (SqliteException e) when (IsTransient(e))
        {
            return null;
        }
    }

    /// <summary>The batch's status as committed in the main file, read while a run works on it; null when not readable right now.</summary>
    public string? BatchStatus(string batchId)
    {
        try
        {
            using var db = Open(readOnly: true, timeoutSeconds: 1);
            return db.ExecuteScalar<string?>("SELECT status FROM staging_month_end_master WHERE batch_id = @batchId", new { batchId });
        }
        catch (SqliteException e) when (IsTransient(e))
        {
            return null;
        }
    }

    public long JournalLength => File.Exists(Journal) ? new FileInfo(Journal).Length : 0;

    public void Dispose()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(Directory))
                {
                    System.IO.Directory.Delete(Directory, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException) when (attempt < 5)
            {
                Thread.Sleep(200);
            }
        }
    }

    // Busy or locked by the writer, or not created yet (no such table, cannot open).
    private static bool IsTransient(SqliteException e) =>
        e.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteError or SqliteCantOpen;
}
