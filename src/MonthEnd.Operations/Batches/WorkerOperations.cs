using Microsoft.Extensions.Logging;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Batches;

/// <summary>
/// A worker process's part: join running batches and stage their partitions (run_worker, the
/// batch_worker service role's one permission); and an operator's restart of a failed partition
/// (restart_failed_worker, WorkerOperations.Restart.cs).
/// </summary>
public sealed partial class WorkerOperations(IMonthEndStore store, IPartitionRestarts restarts, OperationGate gate, ILogger<WorkerOperations> log)
{
    /// <summary>Checks once, when the worker starts, that its caller may work; the start is in the trail.</summary>
    public Task<bool> JoinAsync(Caller caller, string identity, CancellationToken ct) =>
        gate.ChangeAsync(caller, Permission.RunWorker, "WORKER_STARTED", null, new { worker = identity }, _ => Task.FromResult(true), _ => null, ct);

    /// <summary>The batches that have partitions to stage, oldest first.</summary>
    public async Task<IReadOnlyList<BatchRecord>> RunningBatchesAsync(Caller caller, CancellationToken ct)
    {
        await gate.AuthorizeAsync(caller, Permission.RunWorker, "WORKER_POLL", null, null, ct);
        return [.. (await store.ListBatchesAsync(null, 100, ct)).Where(b => b.Status == BatchStatus.Running && b.IsMonthEnd()).Reverse()];
    }

    /// <summary>Claims and stages partitions of one batch until none is left to claim.</summary>
    public async Task<StagingCounters> StageAsync(Caller caller, BatchRecord batch, string identity, RunSettings settings, CancellationToken ct)
    {
        await gate.AuthorizeAsync(caller, Permission.RunWorker, "WORKER_STAGE", batch.BatchId, null, ct);
        var rules = await store.LoadRuleSetAsync(batch.RuleSetId, ct);
        var counters = new StagingCounters();
        await using var session = await store.OpenWorkerAsync(batch.BatchId, identity, ct);
        await new PartitionWorker(session, rules, batch.Period, settings with { ChunkSize = batch.ChunkSize }, counters).RunAsync(ct);
        LogStaged(log, identity, batch.BatchId, counters.Records, counters.Entries);
        return counters;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "worker {Worker} staged {Records} records ({Entries} entries) of batch {BatchId}")]
    private static partial void LogStaged(ILogger logger, string worker, string batchId, long records, long entries);
}
