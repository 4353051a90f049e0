namespace MonthEnd.Core.Storage;

/// <summary>What a write-speed probe measured: rows written and how long it took (the rows were rolled back).</summary>
public sealed record WriteProbe(long Rows, TimeSpan Elapsed)
{
    /// <summary>Rows per second, whole.</summary>
    public long RowsPerSecond => Elapsed <= TimeSpan.Zero ? Rows : (long)(Rows / Elapsed.TotalSeconds);
}

/// <summary>Where staging goes and how much room it has there; <see cref="FreeBytes"/> null when the store cannot tell.</summary>
public sealed record StagingSpace(string Location, long? FreeBytes);

/// <summary>The database's resources, as pre-flight checks them (the original design's SOP 1 step 2.3 and 2.4).</summary>
public interface IStoreProbe
{
    /// <summary>
    /// Writes <paramref name="rows"/> ledger-shaped rows into a scratch table of the database, the way
    /// staging writes, inside a transaction that is then rolled back: nothing is left, and the time
    /// says how fast the database takes writes now. Holds the store's write lock for that long only.
    /// </summary>
    Task<WriteProbe> ProbeWriteAsync(int rows, CancellationToken ct);

    /// <summary>Where a batch's staging would be written and the free space there, when the store can see it.</summary>
    Task<StagingSpace> StagingSpaceAsync(CancellationToken ct);
}
