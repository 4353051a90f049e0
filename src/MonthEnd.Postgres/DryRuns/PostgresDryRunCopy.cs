using MonthEnd.Core.Storage;

namespace MonthEnd.Postgres.DryRuns;

/// <summary>A dry run's scratch database (or schema in a given scratch database), with the store opened on it.</summary>
internal sealed class PostgresDryRunCopy(PostgresStore store, string location, Func<CancellationToken, Task> drop) : IDryRunCopy
{
    public IMonthEndStore Store => store;

    public string Location { get; } = location;

    public async Task DiscardAsync(CancellationToken ct)
    {
        await DisposeAsync();
        await drop(ct);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
