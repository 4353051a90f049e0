namespace MonthEnd.Core.Engine;

/// <summary>How a batch runs: worker count, chunk size, lease and heartbeat timing.</summary>
public sealed record RunSettings
{
    public const int DefaultChunkSize = 20_000;

    /// <summary>In-process workers; 0 plans the batch and waits for external `monthend worker` processes.</summary>
    public int Workers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    public int ChunkSize { get; init; } = DefaultChunkSize;

    public TimeSpan LeaseLength { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle worker or a waiting coordinator looks again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Above this share of failed partitions the batch pauses itself (rollback plan: worker failures &gt; 20%).</summary>
    public decimal FailedPartitionPauseShare { get; init; } = 0.20m;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Workers);
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1);
        if (HeartbeatInterval >= LeaseLength)
        {
            throw new ArgumentException($"the heartbeat interval ({HeartbeatInterval}) must be shorter than the lease ({LeaseLength})");
        }
    }
}
