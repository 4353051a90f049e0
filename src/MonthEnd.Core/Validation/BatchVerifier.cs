using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Validation;

/// <summary>
/// The pre-commit checks: staging against the plan and against the source as it is now.
/// Every check runs (none short-circuits) so that a failed batch shows all its problems at once.
/// </summary>
public static class BatchVerifier
{
    public static ValidationReport Evaluate(
        BatchRecord batch,
        IReadOnlyList<PartitionRecord> partitions,
        SourceScanResult sourceNow,
        StagingFacts staging,
        long nextLedgerJeNumber,
        string? firstContentDifference = null)
    {
        var checks = new List<ValidationCheck>
        {
            PartitionsComplete(partitions),
            SourceValid(sourceNow),
            Check(CheckCode.SourceChecksum, batch.SourceChecksum, sourceNow.Checksum,
                "the source changed after the batch was planned"),
            RecordCount(batch, staging),
            Check(CheckCode.LineCount, batch.ExpectedLineCount, staging.LineCount, "staged journal lines do not match the plan"),
            SequenceIntegrity(batch, staging),
            EntryBalance(staging),
            EntryContent(partitions, staging, firstContentDifference),
            Check(CheckCode.TotalBalance, staging.TotalDebit, staging.TotalCredit, "total debits do not equal total credits"),
            FundTotals(sourceNow.Totals, staging),
            Check(CheckCode.PremiumReconciliation, sourceNow.Totals.PremiumTotal, staging.PremiumEntriesDebit,
                "premium entries' debits do not add up to the source premium_amount"),
            Check(CheckCode.ClaimReconciliation, sourceNow.Totals.ClaimTotal, staging.ClaimEntriesDebit,
                "claim entries' debits do not add up to the source claim_amount"),
            Check(CheckCode.LedgerContinuity, batch.Sequence.First, nextLedgerJeNumber,
                "the ledger moved since planning: committing would leave a hole in the JE numbers or reuse them"),
        };
        return new ValidationReport(checks);
    }

    private static ValidationCheck PartitionsComplete(IReadOnlyList<PartitionRecord> partitions)
    {
        var unfinished = partitions.Where(p => p.Status != PartitionStatus.Completed || p.RecordsProcessed != p.RecordCount).ToList();
        return new ValidationCheck(CheckCode.PartitionsComplete, unfinished.Count == 0,
            $"{partitions.Count} completed", $"{partitions.Count - unfinished.Count} completed",
            unfinished.Count == 0
                ? "every partition completed with its planned record count"
                : "unfinished partitions: " + string.Join(", ", unfinished.Take(10).Select(p =>
                    $"#{p.PartitionNo} {p.Status.Code()} {p.RecordsProcessed}/{p.RecordCount}{(p.Error is null ? "" : " " + p.Error)}")));
    }

    private static ValidationCheck SourceValid(SourceScanResult sourceNow) =>
        new(CheckCode.SourceValid, sourceNow.IsValid, "0 invalid records", $"{sourceNow.InvalidRecordCount} invalid records",
            sourceNow.IsValid
                ? "every source record still meets the source rules"
                : "source records became invalid: " + string.Join("; ", sourceNow.FirstViolations.Take(5)));

    private static ValidationCheck RecordCount(BatchRecord batch, StagingFacts staging)
    {
        var perPremium = batch.PremiumCount == 0 ? 0 : (batch.ExpectedJeCount - batch.ClaimCount) / batch.PremiumCount;
        var passed = staging.HeaderCount == batch.ExpectedJeCount
                     && staging.PremiumHeaderCount == batch.PremiumCount * perPremium
                     && staging.ClaimHeaderCount == batch.ClaimCount;
        return new ValidationCheck(CheckCode.RecordCount, passed,
            $"{batch.ExpectedJeCount} entries ({batch.PremiumCount * perPremium} premium, {batch.ClaimCount} claim)",
            $"{staging.HeaderCount} entries ({staging.PremiumHeaderCount} premium, {staging.ClaimHeaderCount} claim)",
            passed ? "staged entries match the plan" : "staged entries do not match the plan: records were lost or duplicated");
    }

    internal static ValidationCheck SequenceIntegrity(BatchRecord batch, StagingFacts staging)
    {
        var range = batch.Sequence;
        // Every number lies in its own partition's range and the ranges are disjoint, so numbers are
        // unique; with the count and the minimum and maximum that proves there is no hole either.
        var passed = staging.HeaderCount == range.Count && staging.OutOfRangeEntries == 0 && staging.DuplicateEntries == 0
                     && (range.Count == 0 || (staging.MinJeNumber == range.First && staging.MaxJeNumber == range.Last));
        return new ValidationCheck(CheckCode.SequenceIntegrity, passed,
            $"{range.First}..{range.Last} without gaps",
            $"{staging.MinJeNumber}..{staging.MaxJeNumber}, {staging.HeaderCount} numbers, {staging.OutOfRangeEntries} outside their partition, {staging.DuplicateEntries} duplicated",
            passed ? "JE numbers are contiguous and follow the ledger" : "JE numbers have gaps or fall outside the planned range");
    }

    internal static ValidationCheck EntryBalance(StagingFacts staging)
    {
        var bad = staging.UnbalancedEntries + staging.HeaderLineMismatches + staging.OrphanLines + staging.MalformedLines;
        var sample = staging.SampleBadEntries.Count == 0 ? "" : " (e.g. JE " + string.Join(", ", staging.SampleBadEntries) + ")";
        return new ValidationCheck(CheckCode.EntryBalance, bad == 0, "0 unbalanced or malformed entries",
            $"{staging.UnbalancedEntries} unbalanced, {staging.HeaderLineMismatches} header/line mismatches, " +
            $"{staging.OrphanLines} orphan lines, {staging.MalformedLines} malformed lines",
            bad == 0 ? "every entry balances and matches its lines" : "entries do not balance" + sample);
    }

    /// <summary>
    /// The partitions (by number; 0 for rows numbered outside every partition) whose staged rows do
    /// not add up to the content the pre-flight derived from their source records; a partition
    /// planned without a digest counts as differing, as nothing vouches for its rows.
    /// </summary>
    public static IReadOnlyList<int> PartitionsUnlikeSource(IReadOnlyList<PartitionRecord> partitions, StagingFacts staging)
    {
        var differing = partitions
            .Where(p => p.Content is not { } expected || staging.ContentDigests.GetValueOrDefault(p.PartitionNo) != expected)
            .Select(p => p.PartitionNo)
            .ToList();
        var planned = partitions.Select(p => p.PartitionNo).ToHashSet();
        differing.AddRange(staging.ContentDigests.Keys.Where(k => !planned.Contains(k)).Order());
        return differing;
    }

    private static ValidationCheck EntryContent(IReadOnlyList<PartitionRecord> partitions, StagingFacts staging, string? firstDifference)
    {
        var differing = PartitionsUnlikeSource(partitions, staging);
        var passed = differing.Count == 0;
        var undigested = partitions.Count(p => p.Content is null);
        var why = undigested > 0
            ? $"{undigested} partitions were planned without content digests (by an older version): abort the batch and run the period again"
            : firstDifference ?? "staged rows differ from what the rules make of the source records";
        return new ValidationCheck(CheckCode.EntryContent, passed,
            $"{partitions.Count} partitions as the rules make them from their source records",
            passed ? $"{partitions.Count} partitions as the rules make them"
                   : $"{differing.Count} partitions differ: " + string.Join(", ", differing.Take(10).Select(p => p == 0 ? "rows outside every partition" : $"#{p}")),
            passed ? "every staged entry and line equals what the batch's rules make of its source record" : why);
    }

    private static ValidationCheck FundTotals(SourceTotals source, StagingFacts staging)
    {
        var expected = string.Join(", ", Funds.All.Select(f => $"{f.Code()} {source.ExpectedNetChange(f)}"));
        var actual = string.Join(", ", Funds.All.Select(f => $"{f.Code()} {staging.FundNetChange[f]}"));
        var passed = Funds.All.All(f => source.ExpectedNetChange(f) == staging.FundNetChange[f]);
        return new ValidationCheck(CheckCode.FundTotals, passed, expected, actual,
            passed ? "each fund moves by its source allocations minus the claims it bears"
                   : "fund movements do not match the source allocations minus claims");
    }

    internal static ValidationCheck Check<T>(string code, T expected, T actual, string failure)
        where T : IEquatable<T> =>
        new(code, expected.Equals(actual), $"{expected}", $"{actual}", expected.Equals(actual) ? "matches" : failure);
}
