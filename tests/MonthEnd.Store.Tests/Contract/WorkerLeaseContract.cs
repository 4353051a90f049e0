using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>
/// Partitions are handed out with leases timed by the database: one holder at a time, a dead
/// holder's partition goes to another worker at its checkpoint, and a worker that lost its lease
/// cannot write even one row.
/// </summary>
public abstract class WorkerLeaseContract(Func<IStoreTarget> targets) : StoreContract(targets)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task two_workers_never_hold_the_same_partition()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        await using var b = await Store.OpenWorkerAsync(batch.BatchId, "b", Ct);

        var first = await a.ClaimPartitionAsync(Long, Ct);
        var second = await b.ClaimPartitionAsync(Long, Ct);

        first.Outcome.ShouldBe(ClaimOutcome.Claimed);
        second.Outcome.ShouldBe(ClaimOutcome.Claimed);
        second.Lease!.PartitionNo.ShouldNotBe(first.Lease!.PartitionNo);
        var partitions = await Store.GetPartitionsAsync(batch.BatchId, Ct);
        partitions.Single(p => p.PartitionNo == first.Lease.PartitionNo).LeaseOwner.ShouldBe("a");
        partitions.Single(p => p.PartitionNo == second.Lease.PartitionNo).LeaseOwner.ShouldBe("b");
    }

    [Fact]
    public async Task when_every_partition_is_leased_a_worker_is_told_to_wait_and_when_all_are_done_that_none_are_left()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        await using var b = await Store.OpenWorkerAsync(batch.BatchId, "b", Ct);
        var leases = new List<PartitionLease>();
        for (var claim = await a.ClaimPartitionAsync(Long, Ct); claim.Lease is not null; claim = await a.ClaimPartitionAsync(Long, Ct))
        {
            leases.Add(claim.Lease);
        }

        (await b.ClaimPartitionAsync(Long, Ct)).Outcome.ShouldBe(ClaimOutcome.AllLeased);
        foreach (var lease in leases)
        {
            await a.FailPartitionAsync(lease, "stopped by the test", Ct);
        }

        (await b.ClaimPartitionAsync(Long, Ct)).Outcome.ShouldBe(ClaimOutcome.NoneLeft);
    }

    [Fact]
    public async Task an_expired_lease_passes_to_another_worker_at_the_checkpoint()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        var lease = (await a.ClaimPartitionAsync(Short, Ct)).Lease!;
        var checkpoint = await new ChunkProbe(a, Rules, January, chunkSize: 10).StageAsync(lease, chunks: 2);
        await using var b = await Store.OpenWorkerAsync(batch.BatchId, "b", Ct);

        var taken = await ClaimPartitionEventuallyAsync(b, lease.PartitionNo, Short);

        taken.Partition.RecordsProcessed.ShouldBe(checkpoint.RecordsProcessed);
        taken.Partition.LastSourceIdProcessed.ShouldBe(checkpoint.LastSourceId);
        taken.Token.ShouldNotBe(lease.Token);
        (await Store.GetEventsAsync(batch.BatchId, Ct)).ShouldContain(e => e.Event == "LEASE_TAKEN_OVER");
    }

    [Fact]
    public async Task a_worker_that_lost_its_lease_writes_nothing_and_cannot_renew_or_complete()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        var lease = (await a.ClaimPartitionAsync(Short, Ct)).Lease!;
        await using var b = await Store.OpenWorkerAsync(batch.BatchId, "b", Ct);
        await ClaimPartitionEventuallyAsync(b, lease.PartitionNo, Long);
        var stagedBefore = (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount;

        await Should.ThrowAsync<LeaseLostException>(() => new ChunkProbe(a, Rules, January, chunkSize: 10).StageAsync(lease, chunks: 1));

        (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount.ShouldBe(stagedBefore);
        (await a.RenewLeaseAsync(lease, Long, Ct)).ShouldBeFalse();
        await Should.ThrowAsync<LeaseLostException>(() => a.CompletePartitionAsync(lease, Ct));
        (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Single(p => p.PartitionNo == lease.PartitionNo).LeaseOwner.ShouldBe("b");
    }

    [Fact]
    public async Task a_chunk_written_again_after_a_lost_acknowledgement_is_not_staged_twice()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        var lease = (await a.ClaimPartitionAsync(Long, Ct)).Lease!;
        var probe = new ChunkProbe(a, Rules, January, chunkSize: 10);
        var checkpoint = await probe.StageAsync(lease, chunks: 1);
        var staged = (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount;

        var written = await a.WriteChunkAsync(lease, probe.LastEntries, checkpoint, Ct);

        written.ShouldBeFalse();
        (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount.ShouldBe(staged);
    }

    [Fact]
    public async Task a_chunk_that_does_not_start_at_the_checkpoint_is_refused()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        var lease = (await a.ClaimPartitionAsync(Long, Ct)).Lease!;
        var probe = new ChunkProbe(a, Rules, January, chunkSize: 10);
        var checkpoint = await probe.StageAsync(lease, chunks: 2);
        var staged = (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount;

        var skipping = checkpoint with { FromRecordsProcessed = checkpoint.RecordsProcessed + 10, RecordsProcessed = checkpoint.RecordsProcessed + 20 };
        await Should.ThrowAsync<InvalidOperationException>(() => a.WriteChunkAsync(lease, probe.LastEntries, skipping, Ct));

        (await Store.MeasureStagingAsync(batch, Ct)).HeaderCount.ShouldBe(staged);
    }

    [Fact]
    public async Task the_batch_pauses_itself_once_more_than_a_fifth_of_its_partitions_failed()
    {
        var batch = await RunningBatchAsync();
        var total = (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Count;
        var firstFailureThatPauses = (total / 5) + 1;
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);

        for (var failed = 1; failed < firstFailureThatPauses; failed++)
        {
            await a.FailPartitionAsync((await a.ClaimPartitionAsync(Long, Ct)).Lease!, "disk full", Ct);
            (await a.PauseIfFailedShareAboveAsync(0.20m, Ct)).ShouldBeFalse($"{failed} of {total} failed");
        }

        await a.FailPartitionAsync((await a.ClaimPartitionAsync(Long, Ct)).Lease!, "disk full", Ct);
        (await a.PauseIfFailedShareAboveAsync(0.20m, Ct)).ShouldBeTrue();

        var paused = (await Store.FindBatchAsync(batch.BatchId, Ct))!;
        paused.Status.ShouldBe(BatchStatus.Paused);
        paused.FailureReason.ShouldNotBeNull().ShouldContain($"{firstFailureThatPauses} of {total} partitions failed");
        (await a.PauseIfFailedShareAboveAsync(0.20m, Ct)).ShouldBeFalse("an already paused batch is left alone");
    }

    [Fact]
    public async Task a_heartbeat_keeps_the_lease_and_records_the_progress()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        var lease = (await a.ClaimPartitionAsync(Long, Ct)).Lease!;
        var checkpoint = await new ChunkProbe(a, Rules, January, chunkSize: 10).StageAsync(lease, chunks: 1);

        (await a.RenewLeaseAsync(lease, Long, Ct)).ShouldBeTrue();

        var partition = (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Single(p => p.PartitionNo == lease.PartitionNo);
        partition.RecordsProcessed.ShouldBe(checkpoint.RecordsProcessed);
        partition.Status.ShouldBe(PartitionStatus.Running);
        partition.LeaseExpiresAt.ShouldNotBeNull().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task a_released_partition_is_pending_again_with_its_checkpoint()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        var lease = (await a.ClaimPartitionAsync(Long, Ct)).Lease!;
        var checkpoint = await new ChunkProbe(a, Rules, January, chunkSize: 10).StageAsync(lease, chunks: 1);

        await a.ReleasePartitionAsync(lease, Ct);
        var again = (await a.ClaimPartitionAsync(Long, Ct)).Lease!;

        again.PartitionNo.ShouldBe(lease.PartitionNo);
        again.Partition.RecordsProcessed.ShouldBe(checkpoint.RecordsProcessed);
    }

    [Fact]
    public async Task a_lease_whose_owner_is_known_dead_can_be_ended_at_once()
    {
        var batch = await RunningBatchAsync();
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);
        var lease = (await a.ClaimPartitionAsync(Long, Ct)).Lease!;

        (await Store.ExpireLeaseAsync(batch.BatchId, lease.PartitionNo, "someone-else", Ct)).ShouldBeFalse();
        (await Store.ExpireLeaseAsync(batch.BatchId, lease.PartitionNo, "a", Ct)).ShouldBeTrue();

        await using var b = await Store.OpenWorkerAsync(batch.BatchId, "b", Ct);
        (await b.ClaimPartitionAsync(Long, Ct)).Lease!.PartitionNo.ShouldBe(lease.PartitionNo);
    }

    [Fact]
    public async Task workers_claim_nothing_from_a_batch_that_is_not_running()
    {
        var batch = await RunningBatchAsync();
        await Store.MoveAsync(batch.BatchId, BatchStatus.Running, BatchStatus.Paused, "pause for the test", Ct);
        await using var a = await Store.OpenWorkerAsync(batch.BatchId, "a", Ct);

        (await a.ReadBatchStatusAsync(Ct)).ShouldBe(BatchStatus.Paused);
        (await a.ClaimPartitionAsync(Long, Ct)).Lease.ShouldBeNull();
    }

    [Fact]
    public async Task a_source_change_between_planning_and_staging_fails_the_partition_with_the_reason()
    {
        await SeedAsync(January, premiums: 120, claims: 6);
        var batch = await PlanAsync(January);
        batch = await Store.MoveAsync(batch.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);
        await Target.ExecuteAsync("DELETE FROM premium_transaction WHERE txn_id = 3");

        await new MonthEnd.Core.Engine.StagingPhase(Store, Settings, null).RunAsync(batch, Rules, Ct);

        var failed = (await Store.GetPartitionsAsync(batch.BatchId, Ct)).Where(p => p.Status == PartitionStatus.Failed).ToList();
        failed.Count.ShouldBe(1);
        failed[0].Error.ShouldNotBeNull().ShouldContain("source changed since planning");
        (await Store.GetEventsAsync(batch.BatchId, Ct)).ShouldContain(e => e.Event == "PARTITION_FAILED");
    }

    private async Task<BatchRecord> RunningBatchAsync()
    {
        await SeedAsync(January, premiums: 200, claims: 10);
        var batch = await PlanAsync(January);
        return await Store.MoveAsync(batch.BatchId, BatchStatus.Planned, BatchStatus.Running, null, Ct);
    }

    /// <summary>Claims until the wanted partition comes back (its lease has to run out first, by the database's clock).</summary>
    private static async Task<PartitionLease> ClaimPartitionEventuallyAsync(IWorkerSession session, int partitionNo, TimeSpan length)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var claim = await session.ClaimPartitionAsync(length, CancellationToken.None);
            if (claim.Lease?.PartitionNo == partitionNo)
            {
                return claim.Lease;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"partition {partitionNo} was never handed over");
    }
}
