using MonthEnd.Core.Storage;

namespace MonthEnd.Sqlite;

/// <summary>
/// The database's clock (<see cref="IDatabaseClock"/>): SQLite's 'now', with which leases and events
/// are stamped, is this machine's clock, the one every process on the file shares.
/// </summary>
public sealed partial class SqliteStore : IDatabaseClock
{
    public Task<DateTimeOffset> DatabaseNowAsync(CancellationToken ct) => Task.FromResult(DateTimeOffset.UtcNow);
}
