namespace MonthEnd.Core.Engine;

/// <summary>Progress shared by the in-process workers.</summary>
public sealed class StagingCounters
{
    private long _records;
    private long _entries;

    public long Records => Interlocked.Read(ref _records);

    public long Entries => Interlocked.Read(ref _entries);

    public void Add(long records, long entries)
    {
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _entries, entries);
    }
}
