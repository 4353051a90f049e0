using System.Security.Cryptography;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Storage;
using MonthEnd.Sqlite.DryRuns;

namespace MonthEnd.Sqlite;

/// <summary>
/// A dry run's copy (<see cref="IDryRunCopies"/>): the whole main file, copied online with SQLite's
/// backup API into a new directory (under the scratch directory, default "NAME-dryrun" beside the
/// database), where the copy's store keeps its own staging, archive and writer lock. The directory
/// is the owner's alone (0700): the copy holds what production holds, users' password hashes too.
/// Staging files of production batches are not copied: a dry run starts a batch of its own.
/// </summary>
public sealed partial class SqliteStore : IDryRunCopies
{
    public async Task<IDryRunCopy> CopyForDryRunAsync(Period period, DryRunCopyOptions options, IProgress<DryRunCopyProgress>? progress, CancellationToken ct)
    {
        if (options.ScratchDatabase is not null)
        {
            throw new ScratchPlaceException(ScratchPlace.Database,
                "a scratch database is for a PostgreSQL database's copy; a SQLite database is copied into a scratch directory");
        }

        var parent = Path.GetFullPath(options.ScratchDirectory ??
                                      Path.Combine(Path.GetDirectoryName(Database.Path)!, Path.GetFileNameWithoutExtension(Database.Path) + "-dryrun"));
        var directory = Path.Combine(parent, $"{period}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        CreateScratchDirectory(parent, directory);

        var path = Path.Combine(directory, Path.GetFileName(Database.Path));
        var copy = new SqliteDryRunCopy(directory, options.ScratchDirectory is null, new SqliteStore(path, WriteGate.MaxWait));
        try
        {
            await OnlineBackup.CopyAsync(Database.Path, path, progress, ct, options.BackupStepPages ?? OnlineBackup.PagesPerStep);
            return copy;
        }
        catch
        {
            await copy.DiscardAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>The copy's directory (the owner's alone) under the scratch directory; a path that cannot be one is refused as an argument.</summary>
    private static void CreateScratchDirectory(string parent, string directory)
    {
        if (File.Exists(parent))
        {
            throw new ScratchPlaceException(ScratchPlace.Directory, $"{Core.Text.Shown.Quote(parent, 200)} is a file, not a directory");
        }

        try
        {
            Directory.CreateDirectory(parent);
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is UnauthorizedAccessException ? "permission denied" : Core.Text.Shown.Inert(e.Message);
            throw new ScratchPlaceException(ScratchPlace.Directory, $"{Core.Text.Shown.Quote(parent, 200)} cannot hold the copy: {why}", e);
        }
    }
}
