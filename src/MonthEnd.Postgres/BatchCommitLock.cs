using Dapper;
using MonthEnd.Core.Storage;
using Npgsql;

namespace MonthEnd.Postgres;

/// <summary>
/// The right to validate and commit one batch, held as a session advisory lock on a connection of
/// its own for as long as validation and commit take. A second process that asks meanwhile is
/// refused instead of racing the first through the staging indexes and the commit; a process that
/// dies releases the lock with its session, so a later run can finish an interrupted commit.
/// </summary>
internal sealed class BatchCommitLock : IAsyncDisposable
{
    /// <summary>Keeps batch keys apart from the product's other advisory locks (two-key form: namespace, batch key).</summary>
    private const int Namespace = 0x4D45;

    private readonly NpgsqlConnection _connection;
    private readonly int _key;

    private BatchCommitLock(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    public static async Task<BatchCommitLock> AcquireAsync(PostgresStore store, string batchId, long batchKey, CancellationToken ct)
    {
        var key = checked((int)batchKey);
        var connection = await store.Resilience.ExecuteAsync(store.OpenAsync, ct);
        try
        {
            if (!await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@ns, @key)", new { ns = Namespace, key }))
            {
                throw new BatchConflictException(batchId,
                    $"batch {batchId} is being validated and committed by another process; wait for it to finish (the batch's status tells when)");
            }

            return new BatchCommitLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@ns, @key)", new { ns = Namespace, key = _key });
        }
        catch (NpgsqlException)
        {
            // The session is gone (a restart, a terminated backend), and its lock went with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
