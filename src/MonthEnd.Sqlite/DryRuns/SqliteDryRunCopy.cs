using MonthEnd.Core.Storage;

namespace MonthEnd.Sqlite.DryRuns;

/// <summary>A dry run's copy: a directory of its own holding the copied database file, its staging and archive files and its writer lock.</summary>
/// <remarks>A default parent directory (NAME-dryrun) the copy made is removed with it when nothing else is left in it.</remarks>
internal sealed class SqliteDryRunCopy(string directory, bool ownsParent, SqliteStore store) : IDryRunCopy
{
    public IMonthEndStore Store => store;

    public string Location => store.Database.Path;

    public async Task DiscardAsync(CancellationToken ct)
    {
        await DisposeAsync();
        Directory.Delete(directory, recursive: true);
        var parent = Path.GetDirectoryName(directory)!;
        if (ownsParent && !Directory.EnumerateFileSystemEntries(parent).Any())
        {
            Directory.Delete(parent);
        }
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
