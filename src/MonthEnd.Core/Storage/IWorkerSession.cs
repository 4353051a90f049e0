using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Storage;

/// <summary>One worker's connection to the store: claims partitions, reads chunks, writes staged entries.</summary>
public interface IWorkerSession : IAsyncDisposable
{
    string WorkerName { get; }

    /// <summary>Claims a PENDING partition, or a RUNNING one whose lease ran out (database time).</summary>
    Task<PartitionClaim> ClaimPartitionAsync(TimeSpan leaseLength, CancellationToken ct);

    /// <summary>Extends the lease if this worker still holds it (same token); false when it was lost.</summary>
    Task<bool> RenewLeaseAsync(PartitionLease lease, TimeSpan leaseLength, CancellationToken ct);

    /// <summary>Up to <paramref name="limit"/> posted-status premiums of the partition with txn_id after <paramref name="afterId"/>, in order.</summary>
    Task<IReadOnlyList<PremiumRecord>> ReadPremiumChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct);

    Task<IReadOnlyList<ClaimRecord>> ReadClaimChunkAsync(PartitionLease lease, Period period, long? afterId, int limit, CancellationToken ct);

    /// <summary>
    /// Writes the chunk's entries to staging and advances the checkpoint in ONE transaction, after
    /// checking the lease token again; throws <see cref="LeaseLostException"/> and writes nothing otherwise.
    /// A chunk the checkpoint shows as already written is not written again (returns false).
    /// </summary>
    Task<bool> WriteChunkAsync(PartitionLease lease, IReadOnlyList<JournalEntry> entries, ChunkCheckpoint checkpoint, CancellationToken ct);

    Task CompletePartitionAsync(PartitionLease lease, CancellationToken ct);

    Task FailPartitionAsync(PartitionLease lease, string error, CancellationToken ct);

    /// <summary>Gives the partition back (PENDING) at a pause, keeping its checkpoint.</summary>
    Task ReleasePartitionAsync(PartitionLease lease, CancellationToken ct);

    Task<BatchStatus> ReadBatchStatusAsync(CancellationToken ct);

    /// <summary>
    /// Pauses the RUNNING batch, in one statement, if more than <paramref name="share"/> of its partitions
    /// have FAILED (the rollback plan's "worker failures &gt; 20%"); true if this call paused it.
    /// </summary>
    Task<bool> PauseIfFailedShareAboveAsync(decimal share, CancellationToken ct);
}
