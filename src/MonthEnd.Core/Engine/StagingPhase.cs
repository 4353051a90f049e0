using MonthEnd.Core.Batches;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Engine;

/// <summary>Runs the in-process workers (or waits for external ones) until no partition is left to do.</summary>
public sealed class StagingPhase(IMonthEndStore store, RunSettings settings, IProgress<RunProgress>? progress)
{
    public async Task RunAsync(BatchRecord batch, RuleSet rules, CancellationToken ct)
    {
        await ReleaseDeadOwnersAsync(batch.BatchId, ct);
        var counters = new StagingCounters();
        var total = batch.PremiumCount + batch.ClaimCount;
        var alreadyDone = (await store.GetPartitionsAsync(batch.BatchId, ct)).Sum(p => p.RecordsProcessed);
        using var reporting = new CancellationTokenSource();
        var reporter = ReportAsync(batch, counters, alreadyDone, total, reporting.Token);
        try
        {
            var workers = Enumerable.Range(1, settings.Workers).Select(n => RunWorkerAsync(batch, rules, counters, n, ct)).ToList();
            await Task.WhenAll(workers);
            await WaitForExternalWorkersAsync(batch, ct);
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }
    }

    private async Task RunWorkerAsync(BatchRecord batch, RuleSet rules, StagingCounters counters, int n, CancellationToken ct)
    {
        await Task.Yield();
        await using var session = await store.OpenWorkerAsync(batch.BatchId, WorkerIdentity.For($"w{n}"), ct);
        await new PartitionWorker(session, rules, batch.Period, settings, counters).RunAsync(ct);
    }

    /// <summary>With external workers, or when another process still holds leases, wait until every partition has ended.</summary>
    private async Task WaitForExternalWorkersAsync(BatchRecord batch, CancellationToken ct)
    {
        while (true)
        {
            var partitions = await store.GetPartitionsAsync(batch.BatchId, ct);
            var status = (await store.FindBatchAsync(batch.BatchId, ct))?.Status;
            if (status != BatchStatus.Running || partitions.All(p => p.Status is PartitionStatus.Completed or PartitionStatus.Failed))
            {
                return;
            }

            await ReleaseDeadOwnersAsync(batch.BatchId, ct);
            await Task.Delay(settings.PollInterval, ct);
        }
    }

    private async Task ReleaseDeadOwnersAsync(string batchId, CancellationToken ct)
    {
        foreach (var p in await store.GetPartitionsAsync(batchId, ct))
        {
            if (p.Status == PartitionStatus.Running && WorkerIdentity.IsDeadLocalOwner(p.LeaseOwner))
            {
                await store.ExpireLeaseAsync(batchId, p.PartitionNo, p.LeaseOwner!, ct);
                await store.RecordEventAsync(batchId, "LEASE_RECLAIMED",
                    $"partition {p.PartitionNo}: owner {p.LeaseOwner} is no longer running; resuming from record {p.RecordsProcessed}", ct);
            }
        }
    }

    private async Task ReportAsync(BatchRecord batch, StagingCounters counters, long alreadyDone, long total, CancellationToken ct)
    {
        if (progress is null)
        {
            return;
        }

        try
        {
            while (true)
            {
                long done;
                if (settings.Workers > 0)
                {
                    done = alreadyDone + counters.Records;
                }
                else
                {
                    done = (await store.GetPartitionsAsync(batch.BatchId, ct)).Sum(p => p.RecordsProcessed);
                }

                progress.Report(new RunProgress(batch.BatchId, RunPhase.Staging, done, total, counters.Entries, "staging"));
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
        catch (OperationCanceledException)
        {
            var done = settings.Workers > 0
                ? alreadyDone + counters.Records
                : (await store.GetPartitionsAsync(batch.BatchId, CancellationToken.None)).Sum(p => p.RecordsProcessed);
            progress.Report(new RunProgress(batch.BatchId, RunPhase.Staging, done, total, counters.Entries, "staging"));
        }
    }
}
