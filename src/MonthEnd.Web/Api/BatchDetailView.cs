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
    public static BatchDetailView Of(BatchStatusView status, RunProgress? running, DateTimeOffset now)
    {
        var timing = BatchTiming.Of(status.Events);
        var processed = status.Partitions.Sum(p => p.RecordsProcessed);
        return new BatchDetailView(
            BatchView.Of(status.Batch),
            new BatchProgressView(processed, status.Batch.PremiumCount + status.Batch.ClaimCount, running?.Phase.ToString().ToUpperInvariant(),
                running?.Message, timing.PerSecond(processed), BatchTiming.TargetPerSecond, status.Batch.Status.IsOpen()),
            [.. status.Partitions.Select(p => PartitionStateView.Of(p, now))],
            [.. status.Checks.Select(CheckView.Of)],
            [.. timing.Phases.Select(p => new PhaseView(p.Phase, Math.Round(p.Time.TotalSeconds, 3)))],
            status.Ledger is null ? null : LedgerView.Of(status.Ledger));
    }
}

/// <param name="Phase">The phase this server's run of the batch reports, when this server runs it.</param>
/// <param name="Live">Whether the batch is still open (its numbers may move).</param>
public sealed record BatchProgressView(
    long RecordsProcessed, long RecordsExpected, string? Phase, string? Message, decimal? RecordsPerSecond, long TargetPerSecond, bool Live);

/// <param name="HeartbeatAgeSeconds">Since the worker staging the partition last beat; null unless one is (a stalled worker shows as a growing age).</param>
public sealed record PartitionStateView(PartitionView Partition, double? HeartbeatAgeSeconds)
{
    public static PartitionStateView Of(PartitionRecord p, DateTimeOffset now) =>
        new(PartitionView.Of(p), p.Status == PartitionStatus.Running && p.HeartbeatAt is { } beat ? Math.Round((now - beat).TotalSeconds, 1) : null);
}

public sealed record PhaseView(string Phase, double Seconds);
