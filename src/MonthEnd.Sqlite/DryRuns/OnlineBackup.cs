using Microsoft.Data.Sqlite;
using MonthEnd.Core.Storage;
using SQLitePCL;

namespace MonthEnd.Sqlite.DryRuns;

/// <summary>
/// A consistent copy of a live database file with SQLite's online backup API, a few pages at a
/// time. Each step holds a read lock only while it copies its pages, and the copy pauses between
/// steps, so production's writers wait at most one step (milliseconds), never the whole copy. A
/// write to the source between steps makes SQLite start the copy over, so what is copied is always
/// one committed state. Under steady writes that could go on for ever (measured: a write every
/// 0.2 s kept a 1.1 GB copy starting over; growing the step after each restart only ended it when
/// the step had grown to the whole file, after 84 s): after <see cref="RestartsBeforeOneStep"/>
/// restarts the rest is copied in one step, under one read lock, so the copy always ends, at the
/// price of one longer wait for the writers of that moment (about 1.4 s for 1.1 GB here).
/// </summary>
internal static class OnlineBackup
{
    /// <summary>Pages per step: 2 MiB of 8 KiB pages, a few milliseconds of copying.</summary>
    public const int PagesPerStep = 256;

    public const int RestartsBeforeOneStep = 3;

    public static async Task CopyAsync(string source, string destination, IProgress<DryRunCopyProgress>? progress, CancellationToken ct, int pagesPerStep = PagesPerStep)
    {
        using var from = OpenReadOnly(source);
        using var to = SqliteDatabase.OpenFile(destination);
        // A scratch file: should the machine fail mid-copy, it is thrown away, not recovered.
        SqliteDatabase.Execute(to, "PRAGMA synchronous = OFF");
        var backup = raw.sqlite3_backup_init(to.Handle, "main", from.Handle, "main")
                     ?? throw new InvalidOperationException($"SQLite could not start a backup of {source}: {raw.sqlite3_errmsg(to.Handle).utf8_to_string()}");
        try
        {
            await StepAsync(backup, source, pagesPerStep, progress, ct);
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }
    }

    private static async Task StepAsync(sqlite3_backup backup, string source, int pagesPerStep, IProgress<DryRunCopyProgress>? progress, CancellationToken ct)
    {
        var (step, restarts, lastRemaining) = (pagesPerStep, 0, long.MaxValue);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var rc = raw.sqlite3_backup_step(backup, step);
            if (rc == raw.SQLITE_DONE)
            {
                return;
            }

            if (rc is not (raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
            {
                throw new SqliteException($"the backup of {source} failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
            }

            var (remaining, total) = ((long)raw.sqlite3_backup_remaining(backup), (long)raw.sqlite3_backup_pagecount(backup));
            if (remaining > lastRemaining && ++restarts >= RestartsBeforeOneStep)
            {
                // Started over again: a writer changed the source between two steps. -1: every page left, in one step.
                step = -1;
            }

            lastRemaining = remaining;
            progress?.Report(new DryRunCopyProgress("backup", total - remaining, total));
            // The pause is the writers' turn: a writer waiting for its lock gets it now.
            await Task.Delay(TimeSpan.FromMilliseconds(rc == raw.SQLITE_OK ? 1 : 10), ct);
        }
    }

    private static SqliteConnection OpenReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
