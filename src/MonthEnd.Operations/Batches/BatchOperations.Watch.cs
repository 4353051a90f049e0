using MonthEnd.Core.Batches;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Batches;

/// <summary>
/// Watching a batch live (the web's event stream): the permission is checked once, when the watcher
/// connects, as status checks it; the reads that follow are shared by every watcher of the batch, so
/// many viewers cost the store one read per tick, not one each.
/// </summary>
public sealed partial class BatchOperations
{
    /// <summary>Checks that the caller may watch the batch (view_batch_status; a refusal is audited) and returns its first view.</summary>
    public Task<BatchStatusView> WatchAsync(Caller caller, string? batchId, CancellationToken ct) => StatusAsync(caller, batchId, ct);

    /// <summary>The batch as status shows it, for a watcher whose permission <see cref="WatchAsync"/> checked.</summary>
    public Task<BatchStatusView> ReadWatchedAsync(string batchId, CancellationToken ct) => ReadStatusAsync(ValidBatchId(batchId), ct);

    private async Task<BatchStatusView> ReadStatusAsync(string id, CancellationToken ct)
    {
        var batch = await FindAsync(id, ct);
        var partitions = await store.GetPartitionsAsync(id, ct);
        var checks = await store.GetValidationResultsAsync(id, ct);
        var events = await store.GetEventsAsync(id, ct);
        var ledger = batch.Status == BatchStatus.Committed ? await store.SummarizeLedgerAsync(id, ct) : null;
        return new BatchStatusView(batch, partitions, checks, events, ledger);
    }
}
