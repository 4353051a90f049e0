using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Planning;

/// <summary>
/// Turns a clean source scan into partitions with exact JE sequence ranges. Counts are known up
/// front (one entry per premium template per premium, one per claim), so premiums take the first
/// numbers in txn_id order, three at a time, and claims the rest in claim_id order.
/// </summary>
public static class BatchPlanner
{
    /// <summary>Aim for a few partitions per worker so a slow or dead worker's share is small.</summary>
    public const int PartitionsPerWorker = 4;

    public static long SliceSize(long records, int workers, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var target = (records + (workers * PartitionsPerWorker) - 1) / (workers * PartitionsPerWorker);
        return Math.Max(Math.Max(target, chunkSize), 1);
    }

    public static BatchPlan Plan(
        string batchId,
        Period period,
        RuleSet rules,
        SourceScanResult scan,
        long firstJeNumber,
        int workerCount,
        int chunkSize,
        string initiatedBy)
    {
        if (!scan.IsValid)
        {
            throw new InvalidOperationException($"cannot plan a batch over invalid source ({scan.ViolationCount} violations)");
        }

        if (scan.ContentFirstJeNumber is { } numbered && numbered != firstJeNumber)
        {
            throw new InvalidOperationException($"the scan numbered its content digests from JE {numbered}, the plan from {firstJeNumber}");
        }

        var perPremium = rules.PremiumTemplates.Count;
        var partitions = new List<PartitionPlan>();
        var next = firstJeNumber;
        foreach (var slice in scan.Slices.OrderBy(s => s.Kind).ThenBy(s => s.FirstPosition))
        {
            var numbers = slice.Kind == SourceKind.Premium ? slice.Count * perPremium : slice.Count;
            var range = SequenceRange.OfCount(next, numbers);
            partitions.Add(new PartitionPlan(partitions.Count + 1, slice.Kind, slice.FirstId, slice.LastId, slice.FirstPosition, slice.Count, range, slice.Content,
                slice.LineCount));
            next += numbers;
        }

        var totals = scan.Totals;
        var expected = (totals.PremiumCount * perPremium) + totals.ClaimCount;
        var whole = SequenceRange.OfCount(firstJeNumber, expected);
        if (next != whole.Last + 1 || partitions.Sum(p => p.RecordCount) != totals.PremiumCount + totals.ClaimCount)
        {
            throw new InvalidOperationException($"partitions do not cover the batch: numbers end at {next - 1}, expected {whole.Last}");
        }

        return new BatchPlan(batchId, period, rules, whole, totals.PremiumCount, totals.ClaimCount, scan.ExpectedLineCount,
            scan.Checksum, totals, partitions, workerCount, chunkSize, initiatedBy);
    }
}
