using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Engine;

/// <summary>
/// The worker loop: claim a partition, then chunk by chunk read its source, post it in memory and
/// write the entries with the checkpoint in one transaction, until the partition is done; at every
/// chunk boundary obey a pause or an abort. A crash loses at most the open chunk, which the next
/// holder redoes from the checkpoint with the same numbers.
/// </summary>
public sealed class PartitionWorker(IWorkerSession session, RuleSet rules, Period period, RunSettings settings, StagingCounters counters)
{

    /// <summary>Works until no partition is left, or the batch stops running.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (await session.ReadBatchStatusAsync(ct) != BatchStatus.Running)
            {
                return;
            }

            var claim = await session.ClaimPartitionAsync(settings.LeaseLength, ct);
            switch (claim.Outcome)
            {
                case ClaimOutcome.NoneLeft:
                    return;
                case ClaimOutcome.AllLeased:
                    await Task.Delay(settings.PollInterval, ct);
                    break;
                default:
                    await ProcessLeasedAsync(claim.Lease!, ct);
                    break;
            }
        }
    }

    private async Task ProcessLeasedAsync(PartitionLease lease, CancellationToken ct)
    {
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lease, leaseLost, heartbeatStop.Token);
        try
        {
            await ProcessAsync(lease, leaseLost.Token);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Lost the lease mid-chunk: another worker owns the partition now; write nothing more.
        }
        catch (LeaseLostException)
        {
            // Same, noticed by the store when the chunk tried to commit.
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: give the partition back at its checkpoint rather than make others wait out the lease.
            await TryReleaseAsync(lease);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException && IsPartitionFailure(e))
        {
            await FailAsync(lease, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }
    }

    private async Task ProcessAsync(PartitionLease lease, CancellationToken ct)
    {
        var partition = lease.Partition;
        var processed = partition.RecordsProcessed;
        var after = partition.LastSourceIdProcessed;
        var violations = new List<SourceViolation>();
        while (true)
        {
            if (await session.ReadBatchStatusAsync(ct) is var status && status != BatchStatus.Running)
            {
                await session.ReleasePartitionAsync(lease, ct);
                return;
            }

            var limit = (int)Math.Min(settings.ChunkSize, partition.RecordCount - processed + 1);
            var chunk = partition.Kind == SourceKind.Premium
                ? PostPremiums(await session.ReadPremiumChunkAsync(lease, period, after, limit, ct), partition, processed, violations)
                : PostClaims(await session.ReadClaimChunkAsync(lease, period, after, limit, ct), partition, processed, violations);

            if (violations.Count > 0)
            {
                await FailAsync(lease, "source changed since planning: " + string.Join("; ", violations.Take(5)), ct);
                return;
            }

            if (chunk.RowsRead == 0)
            {
                await FinishAsync(lease, processed, ct);
                return;
            }

            if (processed + chunk.Posted > partition.RecordCount)
            {
                await FailAsync(lease,
                    $"source changed since planning: partition {partition.PartitionNo} now has more than its {partition.RecordCount} planned records", ct);
                return;
            }

            await session.WriteChunkAsync(lease, chunk.Entries, new ChunkCheckpoint(processed, processed + chunk.Posted, chunk.LastId), ct);
            processed += chunk.Posted;
            after = chunk.LastId;
            counters.Add(chunk.Posted, chunk.Entries.Count);
        }
    }

    private async Task FinishAsync(PartitionLease lease, long processed, CancellationToken ct)
    {
        if (processed == lease.Partition.RecordCount)
        {
            await session.CompletePartitionAsync(lease, ct);
        }
        else
        {
            await FailAsync(lease,
                $"source changed since planning: partition {lease.PartitionNo} has {processed} of its {lease.Partition.RecordCount} planned records", ct);
        }
    }

    private PostedChunk PostPremiums(IReadOnlyList<PremiumRecord> rows, PartitionRecord partition, long processed, List<SourceViolation> violations)
    {
        var entries = new List<JournalEntry>(rows.Count * rules.PremiumTemplates.Count);
        var posted = new PartitionPosting(rules, partition).PostPremiums(rows, processed, violations, entries);
        return new PostedChunk(rows.Count, posted, rows.Count == 0 ? 0 : rows[^1].TxnId ?? 0, entries);
    }

    private PostedChunk PostClaims(IReadOnlyList<ClaimRecord> rows, PartitionRecord partition, long processed, List<SourceViolation> violations)
    {
        var entries = new List<JournalEntry>(rows.Count);
        var posted = new PartitionPosting(rules, partition).PostClaims(rows, processed, violations, entries);
        return new PostedChunk(rows.Count, posted, rows.Count == 0 ? 0 : rows[^1].ClaimId ?? 0, entries);
    }

    private async Task HeartbeatAsync(PartitionLease lease, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(settings.HeartbeatInterval, stop);
                if (!await session.RenewLeaseAsync(lease, settings.LeaseLength, stop))
                {
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the partition.
        }
    }

    /// <summary>Records the partition's failure; past the configured share of failed partitions the batch pauses itself.</summary>
    private async Task FailAsync(PartitionLease lease, string error, CancellationToken ct)
    {
        await session.FailPartitionAsync(lease, error, ct);
        await session.PauseIfFailedShareAboveAsync(settings.FailedPartitionPauseShare, ct);
    }

    private async Task TryReleaseAsync(PartitionLease lease)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await session.ReleasePartitionAsync(lease, timeout.Token);
        }
        catch (Exception e) when (IsPartitionFailure(e))
        {
            // The lease runs out on its own.
        }
    }

    /// <summary>Errors that mean this partition cannot go on (as opposed to the process shutting down).</summary>
    private static bool IsPartitionFailure(Exception e) => e is not OutOfMemoryException;

    private sealed record PostedChunk(int RowsRead, long Posted, long LastId, IReadOnlyList<JournalEntry> Entries);
}
