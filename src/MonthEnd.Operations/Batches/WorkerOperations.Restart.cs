using Microsoft.Extensions.Logging;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Batches;

/// <summary>A failed partition restarted: the batch as it is and the partition as it is now (PENDING).</summary>
public sealed record PartitionRestart(BatchRecord Batch, PartitionRecord Partition);

public sealed partial class WorkerOperations
{
    /// <summary>
    /// The original design's restart_failed_worker: a FAILED partition of a batch still staging goes
    /// back to PENDING (lease cleared, redone from its first record, attempts kept, its error kept in
    /// the batch's lifecycle log), so running or later workers pick it up. A partition that is not
    /// FAILED, a batch that is not staging, an unknown batch or partition: refused, and audited FAILED.
    /// </summary>
    public async Task<PartitionRestart> RestartFailedPartitionAsync(Caller caller, string? batchId, int partitionNo, CancellationToken ct)
    {
        var id = Arguments.BatchId(batchId);
        if (partitionNo < 1)
        {
            throw new InvalidArgumentException("--partition", $"must be a partition number, 1 or more, not {partitionNo}");
        }

        var details = new { partition = partitionNo };
        await gate.AuthorizeAsync(caller, Permission.RestartFailedWorker, RestartOperation, id, details, ct);
        var batch = await store.FindBatchAsync(id, ct);
        var partition = batch is null ? null : (await store.GetPartitionsAsync(id, ct)).SingleOrDefault(p => p.PartitionNo == partitionNo);
        var before = partition is null ? null : State(batch!, partition);
        var restarted = await gate.ChangeAsync(caller, Permission.RestartFailedWorker, RestartOperation, id, details, async c =>
        {
            EnsureRestartable(id, partitionNo, batch, partition);
            if (!await restarts.RestartFailedPartitionAsync(id, partitionNo, caller.User, c))
            {
                var now = await store.FindBatchAsync(id, c);
                EnsureRestartable(id, partitionNo, now, now is null ? null : (await store.GetPartitionsAsync(id, c)).SingleOrDefault(p => p.PartitionNo == partitionNo));
                throw new OperationRefusedException($"partition {partitionNo} of batch {id} changed while it was being restarted; look at the batch's status and try again");
            }

            var after = (await store.GetPartitionsAsync(id, c)).Single(p => p.PartitionNo == partitionNo);
            return new PartitionRestart((await store.FindBatchAsync(id, c))!, after);
        }, r => State(r.Batch, r.Partition), ct, before);
        LogRestarted(log, caller.User, partitionNo, id);
        return restarted;
    }

    private const string RestartOperation = "PARTITION_RESTARTED";

    private static void EnsureRestartable(string id, int partitionNo, BatchRecord? batch, PartitionRecord? partition)
    {
        if (batch is null)
        {
            throw new OperationRefusedException($"no batch {id}");
        }

        if (batch.Status is not (BatchStatus.Planned or BatchStatus.Running or BatchStatus.Paused))
        {
            throw new OperationRefusedException(batch.Status.IsOpen()
                ? $"batch {id} is {batch.Status.Code()}: its staging is over, so no partition of it is restarted"
                : $"batch {id} is {batch.Status.Code()}: a closed batch's partitions are not restarted; run the period again for a new batch");
        }

        if (partition is null)
        {
            throw new OperationRefusedException($"batch {id} has no partition {partitionNo}; the batch's status lists its partitions");
        }

        if (partition.Status != PartitionStatus.Failed)
        {
            throw new OperationRefusedException($"partition {partitionNo} of batch {id} is {partition.Status.Code()}, not FAILED: only a failed partition is restarted");
        }
    }

    private static object State(BatchRecord batch, PartitionRecord partition) => new
    {
        batch_status = batch.Status.Code(),
        partition = partition.PartitionNo,
        status = partition.Status.Code(),
        attempts = partition.Attempts,
        records_processed = partition.RecordsProcessed,
        lease_owner = partition.LeaseOwner,
        error = partition.Error,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{User} restarted failed partition {PartitionNo} of batch {BatchId}")]
    private static partial void LogRestarted(ILogger logger, string user, int partitionNo, string batchId);
}
