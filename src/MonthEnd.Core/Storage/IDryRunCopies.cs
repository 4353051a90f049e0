using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Storage;

/// <summary>
/// Makes the isolated copy a dry run works on: a store of its own that holds what a batch of the
/// period reads (its source, the rules, the fund balances, the ledger's last JE number) and nothing
/// that leads back to production. Making it never blocks production's writers for longer than a
/// moment. Implemented by both stores.
/// </summary>
public interface IDryRunCopies
{
    /// <param name="progress">Told as the copy advances (e.g. after each step of SQLite's backup), on the copying thread.</param>
    Task<IDryRunCopy> CopyForDryRunAsync(Period period, DryRunCopyOptions options, IProgress<DryRunCopyProgress>? progress, CancellationToken ct);
}

/// <summary>
/// Where to put the copy. <see cref="ScratchDirectory"/>: SQLite's, a directory for the copied file
/// (default: beside the database). <see cref="ScratchDatabase"/>: PostgreSQL's, a database to hold the
/// copy in a schema of its own (default: a new database on the same server).
/// <see cref="BackupStepPages"/>: SQLite's, pages per step of the online backup (default 256, 2 MiB):
/// fewer make writers wait less and the copy take longer.
/// </summary>
public sealed record DryRunCopyOptions(string? ScratchDirectory = null, string? ScratchDatabase = null, int? BackupStepPages = null);

/// <summary>How far the copy is: a step done, with what is left of the whole where the store can tell.</summary>
public sealed record DryRunCopyProgress(string Step, long Done, long Total);

/// <summary>The copy: a store opened on it, and where it is. Disposing closes the store and keeps the copy; <see cref="DiscardAsync"/> removes it.</summary>
public interface IDryRunCopy : IAsyncDisposable
{
    IMonthEndStore Store { get; }

    /// <summary>For people: the copied file's path, or the scratch database (and schema) without credentials.</summary>
    string Location { get; }

    /// <summary>Closes the store and removes the copy (file and its staging, or the scratch database or schema).</summary>
    Task DiscardAsync(CancellationToken ct);
}

/// <summary>Which of <see cref="DryRunCopyOptions"/> a store refused.</summary>
public enum ScratchPlace
{
    Directory,
    Database,
}

/// <summary>A place for the copy a store cannot use (the other store's kind of place, a file where a directory should be), naming which.</summary>
public sealed class ScratchPlaceException(ScratchPlace place, string message, Exception? inner = null) : ArgumentException(message, inner)
{
    public ScratchPlace Place { get; } = place;
}
