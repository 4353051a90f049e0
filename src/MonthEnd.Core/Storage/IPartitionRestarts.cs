namespace MonthEnd.Core.Storage;

/// <summary>
/// An operator's restart of one failed partition (the original design's restart_failed_worker):
/// the partition goes back to work exactly as <see cref="IMonthEndStore.RetryFailedPartitionsAsync"/>
/// puts every failed one back when `run` is repeated, without waiting for that run.
/// </summary>
public interface IPartitionRestarts
{
    /// <summary>
    /// Puts partition <paramref name="partitionNo"/> of <paramref name="batchId"/> back to PENDING with
    /// its lease cleared, its staged rows, chunk seals and checkpoint discarded (it is redone from its
    /// first record) and its attempts kept; a PARTITION_RESTARTED event in the batch's lifecycle log keeps
    /// who restarted it and the error it failed with. All in one transaction, and only while the
    /// partition is FAILED and its batch is still staging (PLANNED, RUNNING or PAUSED): otherwise
    /// nothing changes and the answer is false.
    /// </summary>
    Task<bool> RestartFailedPartitionAsync(string batchId, int partitionNo, string restartedBy, CancellationToken ct);
}
