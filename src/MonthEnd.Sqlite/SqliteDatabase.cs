using Microsoft.Data.Sqlite;

namespace MonthEnd.Sqlite;

/// <summary>
/// Where the database and its per-batch staging and archive files live, and how connections to
/// them are opened.
/// </summary>
/// <remarks>
/// Rollback-journal mode (TRUNCATE), not WAL: a batch's chunk writes its entries into the staging
/// file and its checkpoint into the main file, and only rollback journals make a transaction over
/// two attached files atomic. It also lets the commit append ledger pages without writing them
/// twice (WAL copies every page through the log), which measured ~40% faster for the commit.
/// </remarks>
public sealed class SqliteDatabase
{
    public const string StagingSchema = "staging";

    /// <summary>The database's clock in epoch milliseconds: leases are timed by it, never by a worker's clock.</summary>
    public const string NowMs = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

    /// <summary>The database's clock as ISO-8601 UTC text, for timestamps people read.</summary>
    public const string NowText = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    /// <summary>
    /// How long a write waits for the database's write lock (and a read for a commit) before it
    /// gives up with a message naming the holder. Longer than any one transaction of a batch
    /// (a chunk, a lease change, a million-premium commit), short of looking hung.
    /// </summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMinutes(2);

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        var name = System.IO.Path.GetFileNameWithoutExtension(Path);
        StagingDirectory = System.IO.Path.Combine(directory, name + "-staging");
        ArchiveDirectory = System.IO.Path.Combine(directory, name + "-archive");
    }

    public string Path { get; }

    public string StagingDirectory { get; }

    public string ArchiveDirectory { get; }

    public string StagingFileOf(string batchId) => System.IO.Path.Combine(StagingDirectory, batchId + ".staging.db");

    public string ArchiveFileOf(string batchId) => System.IO.Path.Combine(ArchiveDirectory, batchId + ".staging.db");

    /// <summary>
    /// Page cache per connection, by what the connection does. Streaming reads and appends gain
    /// little from a big cache (the OS caches the file), and every open connection's cache counts
    /// against the batch's memory, which must not grow with the month's size.
    /// </summary>
    public const int ControlCacheMegabytes = 8;

    public const int WorkerCacheMegabytes = 16;

    public const int CommitCacheMegabytes = 32;

    public SqliteConnection Open(int cacheMegabytes = ControlCacheMegabytes) => OpenFile(Path, cacheMegabytes);

    /// <summary>Opens any file of this store (the main database, or a staging file on its own).</summary>
    public static SqliteConnection OpenFile(string path, int cacheMegabytes = ControlCacheMegabytes)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Connections carry ATTACHed staging files; a pooled one must never leak into another use.
            Pooling = false,
            // Bounded: a reader waits at most this long for a writer's commit. Writers never wait
            // for each other here: they queue on the WriterLock first.
            DefaultTimeout = (int)LockWait.TotalSeconds,
        }.ToString());
        connection.Open();
        Execute(connection, $"""
            PRAGMA page_size = 8192;
            PRAGMA busy_timeout = 60000;
            PRAGMA journal_mode = TRUNCATE;
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -{cacheMegabytes * 1024};
            """);
        return connection;
    }

    /// <summary>
    /// Attaches a batch's staging file as schema "staging". Lock order: SQLite locks a statement's
    /// files in schema order, main before staging, and BEGIN IMMEDIATE does the same; a writer takes
    /// the <see cref="WriterLock"/> before either (see there why that order leaves no cycle).
    /// </summary>
    public static void AttachStaging(SqliteConnection connection, string stagingFile)
    {
        using var attach = connection.CreateCommand();
        attach.CommandText = $"ATTACH DATABASE $file AS {StagingSchema}";
        attach.Parameters.AddWithValue("$file", stagingFile);
        attach.ExecuteNonQuery();
        Execute(connection, $"PRAGMA {StagingSchema}.journal_mode = TRUNCATE; PRAGMA {StagingSchema}.synchronous = FULL;");
    }

    public static void DetachStaging(SqliteConnection connection) => Execute(connection, $"DETACH DATABASE {StagingSchema}");

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
