namespace MonthEnd.Core.Storage;

/// <summary>
/// The clock the database stamps leases, heartbeats and lifecycle events with. Ages of those stamps
/// (a worker's last heartbeat, a phase still running) are measured against it, not against the
/// clock of whichever process asks, which may be another machine's.
/// </summary>
public interface IDatabaseClock
{
    Task<DateTimeOffset> DatabaseNowAsync(CancellationToken ct);
}
