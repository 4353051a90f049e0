using MonthEnd.Core.Storage;
using MonthEnd.Sqlite;

namespace MonthEnd.Store.Tests.Sqlite;

/// <summary>
/// Every write on a SQLite database, from any process, takes one writer lock before SQLite's locks
/// on the main and staging files. A wait for it is bounded and ends naming who holds it.
/// </summary>
public sealed class SqliteWriterLockTests : IAsyncLifetime
{
    private readonly SqliteTarget _target = new();
    private SqliteStore _holder = null!;

    public async Task InitializeAsync() => _holder = (SqliteStore)await _target.CreateStoreAsync();

    public async Task DisposeAsync()
    {
        await _holder.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task a_write_that_waits_out_its_bound_for_the_writer_lock_is_refused_naming_the_holder()
    {
        await using var waiting = new SqliteStore(_target.DatabasePath, lockWait: TimeSpan.FromMilliseconds(300));
        using (await _holder.WriteGate.EnterAsync("writing a chunk of partition 3 for the test", CancellationToken.None))
        {
            var busy = await Should.ThrowAsync<StoreBusyException>(() => waiting.RecordEventAsync("B", "TEST", "never written", CancellationToken.None));

            busy.Message.ShouldContain("writing a chunk of partition 3 for the test");
            busy.Message.ShouldContain($"pid {Environment.ProcessId}");
        }

        await waiting.RecordEventAsync("B", "TEST", "written once the holder let go", CancellationToken.None);
        (await _target.CountAsync("SELECT count(*) FROM batch_lifecycle_log WHERE event = 'TEST'")).ShouldBe(1);
    }
}
