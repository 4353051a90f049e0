using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// An operator's restart of one failed partition (<see cref="IPartitionRestarts"/>): back to PENDING
/// with its lease, staged rows and checkpoint gone and its attempts kept, its error in the lifecycle
/// log; anything else (another status, another partition, a batch no longer staging) changes nothing.
/// </summary>
public abstract class PartitionRestartContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private IPartitionRestarts Restarts => (IPartitionRestarts)Store;

    [Fact]
    public async Task a_restarted_failed_partition_is_pending_from_its_first_record_with_its_attempts_and_its_error_in_the_lifecycle_log()
    {
        var (batch, failed) = await FailedPartitionAsync(stagedChunks: 2);
        var others = await OthersAsync(batch, failed.PartitionNo);
        var stagedBefore = (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount;
        stagedBefore.ShouldBeGreaterThan(0, "the failed partition had staged two chunks");

        (await Restarts.RestartFailedPartitionAsync(batch.BatchId, failed.PartitionNo, "olivia", Ct)).ShouldBeTrue();

        var restarted = await PartitionAsync(batch, failed.PartitionNo);
        restarted.Status.ShouldBe(PartitionStatus.Pending);
        restarted.LeaseOwner.ShouldBeNull();
        restarted.LeaseExpiresAt.ShouldBeNull();
        restarted.RecordsProcessed.ShouldBe(0);
        restarted.LastSourceIdProcessed.ShouldBeNull();
        restarted.Attempts.ShouldBe(failed.Attempts, "the restart is no attempt of its own, and forgets none");
        (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount.ShouldBe(0, "its staged rows went with its checkpoint");
        (await OthersAsync(batch, failed.PartitionNo)).ShouldBe(others, "no other partition changed");
        var logged = (await Store.GetEventsAsync(batch.BatchId, Ct)).Where(e => e.Event == "PARTITION_RESTARTED").ShouldHaveSingleItem();
        logged.Details.ShouldContain($"partition {failed.PartitionNo}");
        logged.Details.ShouldContain("olivia");
        logged.Details.ShouldContain("disk full on the worker");

        await using var worker = await Store.OpenWorkerAsync(batch.BatchId, "w", Ct);
        var again = (await worker.ClaimPartitionAsync(Long, Ct)).Lease.ShouldNotBeNull();
        again.PartitionNo.ShouldBe(failed.PartitionNo, "a worker takes it up again");
        again.Partition.RecordsProcessed.ShouldBe(0);
    }

    [Fact]
    public async Task a_partition_that_is_not_failed_or_not_there_is_not_restarted_and_nothing_changes()
    {
        var (batch, failed) = await FailedPartitionAsync(stagedChunks: 1);
        var partitions = await Store.GetPartitionsAsync(batch.BatchId, Ct);
        var pending = partitions.First(p => p.Status == PartitionStatus.Pending);
        var events = (await Store.GetEventsAsync(batch.BatchId, Ct)).Count;

        (await Restarts.RestartFailedPartitionAsync(batch.BatchId, pending.PartitionNo, "olivia", Ct)).ShouldBeFalse();
        (await Restarts.RestartFailedPartitionAsync(batch.BatchId, partitions.Max(p => p.PartitionNo) + 1, "olivia", Ct)).ShouldBeFalse();
        (await Restarts.RestartFailedPartitionAsync("2025-01-OTHER", failed.PartitionNo, "olivia", Ct)).ShouldBeFalse();
        (await Restarts.RestartFailedPartitionAsync(batch.BatchId + "' OR '1'='1", failed.PartitionNo, "olivia", Ct)).ShouldBeFalse();

        (await Store.GetPartitionsAsync(batch.BatchId, Ct)).ShouldBe(partitions);
        (await Store.GetEventsAsync(batch.BatchId, Ct)).Count.ShouldBe(events);
    }

    [Fact]
    public async Task a_failed_partition_of_an_aborted_batch_stays_failed()
    {
        var (batch, failed) = await FailedPartitionAsync(stagedChunks: 0);
        await Store.AbortAsync(batch.BatchId, "given up", Ct);
        var partitions = await Store.GetPartitionsAsync(batch.BatchId, Ct);

        (await Restarts.RestartFailedPartitionAsync(batch.BatchId, failed.PartitionNo, "olivia", Ct)).ShouldBeFalse();

        (await Store.GetPartitionsAsync(batch.BatchId, Ct)).ShouldBe(partitions);
        (await Store.FindBatchAsync(batch.BatchId, Ct))!.Status.ShouldBe(BatchStatus.Aborted);
    }

    [Fact]
    public async Task a_failed_partition_of_a_paused_batch_is_restarted()
    {
        var (batch, failed) = await FailedPartitionAsync(stagedChunks: 0);
        await Store.MoveAsync(batch.BatchId, BatchStatus.Running, BatchStatus.Paused, "investigating", Ct);

        (await Restarts.RestartFailedPartitionAsync(batch.BatchId, failed.PartitionNo, "olivia", Ct)).ShouldBeTrue();

        (await PartitionAsync(batch, failed.PartitionNo)).Status.ShouldBe(PartitionStatus.Pending);
        (await Store.FindBatchAsync(batch.BatchId, Ct))!.Status.ShouldBe(BatchStatus.Paused, "the batch's own status is the operator's to change");
    }

    /// <summary>A running batch whose first partition a worker staged part of, then failed.</summary>
    private async Task<(BatchRecord Batch, PartitionRecord Failed)> FailedPartitionAsync(int stagedChunks)
    {
        await SeedAsync(January, premiums: 200, claims: 10);
        var batch = await PlanAsync(January);
        batch = await Store.MoveAsync(batch.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);
        await using var worker = await Store.OpenWorkerAsync(batch.BatchId, "dying-worker", Ct);
        var lease = (await worker.ClaimPartitionAsync(Long, Ct)).Lease.ShouldNotBeNull();
        if (stagedChunks > 0)
        {
            await new ChunkProbe(worker, Rules, January, chunkSize: 10).StageAsync(lease, stagedChunks);
        }

        await worker.FailPartitionAsync(lease, "disk full on the worker", Ct);
        var failed = await PartitionAsync(batch, lease.PartitionNo);
        failed.Status.ShouldBe(PartitionStatus.Failed);
        failed.Attempts.ShouldBeGreaterThan(0);
        return (batch, failed);
    }

    private async Task<PartitionRecord> PartitionAsync(BatchRecord batch, int partitionNo) =>
        (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Single(p => p.PartitionNo == partitionNo);

    private async Task<List<PartitionRecord>> OthersAsync(BatchRecord batch, int partitionNo) =>
        [.. (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Where(p => p.PartitionNo != partitionNo)];
}
