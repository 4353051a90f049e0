using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Batches;
using MonthEnd.Operations.Batches;
using MonthEnd.Web.Api;
using MonthEnd.Web.Runs;

namespace MonthEnd.Web.Live;

/// <summary>
/// The live views of batches, shared by all who watch one: within a tick every watcher of a batch
/// gets the same view from one read of the store, however many there are (the read runs for the
/// batch, not for a watcher, so one leaving does not cancel it for the others).
/// </summary>
public sealed class BatchFeed(BatchOperations batches, BatchRunner runner, ThroughputHistory history, TimeProvider clock,
    IOptions<WebOptions> options, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<string, Shared> _views = new(StringComparer.Ordinal);

    /// <summary>How often a watcher is sent the batch (Web:LiveIntervalMs, 2 s by default).</summary>
    public TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Clamp(options.Value.LiveIntervalMs, 50, 60_000));

    /// <summary>How many times the store was read for watchers (one per batch per tick at most).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    /// <summary>The batch's view of this tick: the one another watcher's read made, or a new read when it is older than most of a tick.</summary>
    public Task<BatchDetailView> ViewAsync(string batchId, CancellationToken ct)
    {
        var shared = _views.GetOrAdd(batchId, _ => new Shared());
        var now = clock.GetUtcNow();
        Task<BatchDetailView> read;
        lock (shared)
        {
            if (shared.Read is null || shared.Read.IsFaulted || shared.Read.IsCanceled || now - shared.ReadAt >= Interval * 0.75)
            {
                shared.ReadAt = now;
                shared.Read = ReadAsync(batchId);
            }

            read = shared.Read;
        }

        ForgetIdle(now);
        return read.WaitAsync(ct);
    }

    /// <summary>A view of the batch as the page first shows it, with the curve so far.</summary>
    public BatchDetailView Of(BatchStatusView status)
    {
        var id = status.Batch.BatchId;
        var processed = status.Partitions.Sum(p => p.RecordsProcessed);
        if (status.Batch.Status == BatchStatus.Running)
        {
            history.Record(id, processed, StagingSince(status));
        }
        else if (status.Batch.Status is BatchStatus.Validating or BatchStatus.Committing or BatchStatus.Committed)
        {
            history.Record(id, processed, StagingSince(status), onlyIfMoved: true);
        }

        return BatchDetailView.Of(status, runner.Progress(id), clock.GetUtcNow()) with { Throughput = history.Of(id) };
    }

    private async Task<BatchDetailView> ReadAsync(string batchId)
    {
        Interlocked.Increment(ref _reads);
        return Of(await batches.ReadWatchedAsync(batchId, lifetime.ApplicationStopping));
    }

    /// <summary>When the batch first began staging (its first STATUS_RUNNING event), the start of its curve.</summary>
    private static DateTimeOffset? StagingSince(BatchStatusView status) =>
        status.Events.Where(e => e.Event == "STATUS_RUNNING").Select(e => (DateTimeOffset?)e.EventTime).FirstOrDefault();

    private void ForgetIdle(DateTimeOffset now)
    {
        foreach (var (id, shared) in _views)
        {
            if (now - shared.ReadAt > Interval * 10)
            {
                _views.TryRemove(id, out _);
            }
        }
    }

    private sealed class Shared
    {
        public Task<BatchDetailView>? Read { get; set; }

        public DateTimeOffset ReadAt { get; set; }
    }
}
