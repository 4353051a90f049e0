using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Storage;

/// <summary>
/// Imports of source rows from files: each through a load table of its own (<see cref="ISourceLoad"/>),
/// where the rows are checked before any reaches the source table.
/// </summary>
public interface ISourceImports
{
    /// <summary>A new, empty load table for rows of <paramref name="kind"/>; disposing the load drops it.</summary>
    Task<ISourceLoad> OpenLoadAsync(SourceKind kind, CancellationToken ct);
}

/// <summary>
/// One import's load table, on one connection: rows streamed in (<see cref="AddPremiumsAsync"/> or
/// <see cref="AddClaimsAsync"/>, each record's RowRef its line in the file), their ids checked in the
/// database (<see cref="FindDuplicatesAsync"/>), then all of them moved into the source table in one
/// transaction (<see cref="MoveAsync"/>), or none. Nothing is held in memory per row.
/// </summary>
public interface ISourceLoad : IAsyncDisposable
{
    /// <summary>Streams the records into the load table; returns how many.</summary>
    Task<long> AddPremiumsAsync(IEnumerable<PremiumRecord> premiums, CancellationToken ct);

    Task<long> AddClaimsAsync(IEnumerable<ClaimRecord> claims, CancellationToken ct);

    /// <summary>
    /// Each id the load repeats (every line after the first that gives it) and each id the source
    /// table already holds, in line order; those of the first <paramref name="limit"/> lines listed, all counted.
    /// </summary>
    Task<LoadDuplicates> FindDuplicatesAsync(int limit, CancellationToken ct);

    /// <summary>
    /// Moves every loaded row into the source table in one transaction, in line order, and returns how
    /// many; unless, checked again under the table's write lock, an id is in the table by now (another
    /// import got there first): then nothing is moved and those ids come back.
    /// </summary>
    Task<LoadMove> MoveAsync(int limit, CancellationToken ct);
}

/// <summary>A duplicated id: <paramref name="FirstLine"/> is the line of the file that gave it first, or null when the source table holds it.</summary>
public sealed record LoadDuplicate(long Line, long Id, long? FirstLine);

public sealed record LoadDuplicates(IReadOnlyList<LoadDuplicate> Listed, long Count)
{
    public static LoadDuplicates None { get; } = new([], 0);
}

/// <summary>What a move did: <paramref name="Moved"/> rows, or none because of <paramref name="Refused"/>.</summary>
public sealed record LoadMove(long Moved, LoadDuplicates Refused);

/// <summary>
/// Lists the duplicates of the earliest lines a store finds (repeated and existing ids arrive in two
/// passes) and counts them all, so a file of a million repeats costs no memory.
/// </summary>
public sealed class LoadDuplicateTally(int limit)
{
    private readonly Import.EarliestLines<LoadDuplicate> _listed = new(limit, d => d.Line);

    public void Add(LoadDuplicate duplicate) => _listed.Add(duplicate);

    public LoadDuplicates Result => _listed.Count == 0 ? LoadDuplicates.None : new LoadDuplicates(_listed.InLineOrder(), _listed.Count);
}
