using MonthEnd.Core.Batches;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Reports;
using MonthEnd.Operations.Batches;

namespace MonthEnd.Web.Api;

/// <summary>One batch as the API and the live page show it: status, progress, partitions with their heartbeat age, validation, phase timings, ledger totals.</summary>
public sealed record BatchDetailView(
    BatchView Batch,
    BatchProgressView Progress,
    IReadOnlyList<PartitionStateView> Partitions,
    IReadOnlyList<CheckView> Validation,
    IReadOnlyList<PhaseView> Phases,
    LedgerView? Ledger)
{
    /// <summary>The throughput curve so far, for the live page (null in the API's answers).</summary>
    public IReadOnlyList<Live.ThroughputSample>? Throughput { get; init; }

    public static BatchDetailView Of(BatchStatusView status, RunProgress? running, DateTimeOffset now)
    {
        var timing = BatchTiming.Of(status.Events);
        var batch = status.Batch;
        var processed = status.Partitions.Sum(p => p.RecordsProcessed);
        var expected = batch.PremiumCount + batch.ClaimCount;
        var live = batch.Status.IsOpen();
        // While it runs, the rate since it started (the timing's phases count only those that ended); once done, over its processing time.
        var rate = live && batch.StartedAt is { } started && now > started
            ? decimal.Round(processed / (decimal)(now - started).TotalSeconds, 1)
            : timing.PerSecond(processed);
        decimal? eta = live && rate > 0 ? decimal.Round((expected - processed) / rate.Value, 0) : null;
        return new BatchDetailView(
            BatchView.Of(batch),
            new BatchProgressView(processed, expected, running?.Phase.ToString().ToUpperInvariant(), running?.Message, rate, BatchTiming.TargetPerSecond,
                eta, live),
            [.. status.Partitions.Select(p => PartitionStateView.Of(p, now))],
            [.. status.Checks.Select(CheckView.Of)],
            [.. timing.Phases.Select(p => new PhaseView(p.Phase, Math.Round(p.Time.TotalSeconds, 3)))],
            status.Ledger is null ? null : LedgerView.Of(status.Ledger));
    }
}

/// <param name="Phase">The phase this server's run of the batch reports, when this server runs it.</param>
/// <param name="EtaSeconds">While the batch stages: the records left at the rate so far.</param>
/// <param name="Live">Whether the batch is still open (its numbers may move).</param>
public sealed record BatchProgressView(
    long RecordsProcessed, long RecordsExpected, string? Phase, string? Message, decimal? RecordsPerSecond, long TargetPerSecond, decimal? EtaSeconds,
    bool Live);

/// <param name="HeartbeatAgeSeconds">Since the worker staging the partition last beat; null unless one is (a stalled worker shows as a growing age).</param>
public sealed record PartitionStateView(PartitionView Partition, double? HeartbeatAgeSeconds)
{
    public static PartitionStateView Of(PartitionRecord p, DateTimeOffset now) =>
        new(PartitionView.Of(p), p.Status == PartitionStatus.Running && p.HeartbeatAt is { } beat ? Math.Round((now - beat).TotalSeconds, 1) : null);
}

public sealed record PhaseView(string Phase, double Seconds);
