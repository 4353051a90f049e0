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
        var parent = Path.GetFullPath(options.ScratchDirectory ??
                                      Path.Combine(Path.GetDirectoryName(Database.Path)!, Path.GetFileNameWithoutExtension(Database.Path) + "-dryrun"));
        Directory.CreateDirectory(parent);
        var directory = Path.Combine(parent, $"{period}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

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
}
