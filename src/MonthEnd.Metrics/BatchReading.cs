using MonthEnd.Core.Batches;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Metrics;

/// <summary>
/// One batch as the metrics show it, worked out from what the database holds (its master row,
/// partitions, lifecycle events and last validation) at the database's time <c>now</c>: every
/// process that reads the same database shows the same numbers.
/// </summary>
internal sealed record BatchReading(
    string BatchId,
    string Period,
    BatchStatus Status,
    long RecordsExpected,
    long RecordsProcessed,
    long EntriesExpected,
    long EntriesStaged,
    double RecordsPerSecond,
    IReadOnlyDictionary<PartitionStatus, int> Partitions,
    int StalledPartitions,
    int Workers,
    long Retries,
    int ValidationFailures,
    IReadOnlyDictionary<string, double> PhaseSeconds,
    double? CommitSeconds,
    IReadOnlyDictionary<string, double> HeartbeatAgeSeconds)
{
    /// <summary>Phase names as labels: BatchTiming's words for people, one lower-case word each for queries.</summary>
    private static readonly Dictionary<string, string> PhaseLabels = new(StringComparer.Ordinal)
    {
        [BatchTiming.Planned] = "planned",
        [BatchTiming.Staging] = "staging",
        [BatchTiming.Paused] = "paused",
        [BatchTiming.Validation] = "validation",
        [BatchTiming.Commit] = "commit",
        [BatchTiming.Archive] = "archive",
    };

    public static IReadOnlyCollection<string> Phases => PhaseLabels.Values;

    public static BatchReading Of(
        BatchRecord batch, IReadOnlyList<PartitionRecord> partitions, IReadOnlyList<BatchEvent> events, IReadOnlyList<ValidationCheck> checks, DateTimeOffset now)
    {
        var processed = partitions.Sum(p => p.RecordsProcessed);
        var timing = BatchTiming.Of(events, batch.Status.IsOpen() ? now : null);
        var phases = timing.Phases.Where(p => PhaseLabels.ContainsKey(p.Phase)).ToDictionary(p => PhaseLabels[p.Phase], p => p.Time.TotalSeconds);
        var staging = phases.GetValueOrDefault("staging");
        // A batch that ended (committed, aborted, rolled back) keeps its partitions' last leases; no worker holds them.
        var running = batch.Status.IsOpen() ? partitions.Where(p => p.Status == PartitionStatus.Running).ToList() : [];
        return new BatchReading(
            batch.BatchId,
            batch.Period.ToString(),
            batch.Status,
            partitions.Sum(p => p.RecordCount),
            processed,
            batch.ExpectedJeCount,
            partitions.Sum(EntriesAtCheckpoint),
            staging > 0 ? processed / staging : 0,
            Enum.GetValues<PartitionStatus>().ToDictionary(s => s, s => partitions.Count(p => p.Status == s)),
            running.Count(p => p.LeaseExpiresAt is not { } expires || expires < now),
            running.Where(p => p.LeaseExpiresAt >= now).Select(p => p.LeaseOwner).Distinct(StringComparer.Ordinal).Count(),
            partitions.Sum(p => Math.Max(p.Attempts - 1L, 0)),
            checks.Count(c => !c.Passed),
            phases,
            phases.TryGetValue("commit", out var commit) ? commit : null,
            running.Where(p => p is { LeaseOwner: not null, HeartbeatAt: not null })
                .GroupBy(p => p.LeaseOwner!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Math.Max(0, g.Min(p => (now - p.HeartbeatAt!.Value).TotalSeconds)), StringComparer.Ordinal));
    }

    /// <summary>
    /// The entries a partition's checkpoint stands for: a partition is of one kind of record, each making
    /// the same number of entries (one per premium template, one per claim), and its checkpoint advances
    /// in the transaction that writes the chunk's entries.
    /// </summary>
    private static long EntriesAtCheckpoint(PartitionRecord p) =>
        p.RecordCount == 0 ? 0 : checked(p.Sequence.Count / p.RecordCount * p.RecordsProcessed);
}
