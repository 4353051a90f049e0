using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Tests.TestSupport;
using MonthEnd.Core.Tests.Validation;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Audit;

/// <summary>The hand-checked <see cref="Baseline"/> batch, committed: two premiums (JE 1001..1006, 12 lines) and a claim (JE 1007, 2 lines).</summary>
internal static class SealTestData
{
    public static BatchRecord Batch { get; } = Baseline.Create().Batch with { Status = BatchStatus.Committed };

    public static IReadOnlyList<PartitionRecord> Partitions { get; } =
    [
        Baseline.Create().Partitions[0] with { LineCount = 12 },
        Baseline.Create().Partitions[1] with { LineCount = 2 },
    ];

    public static LedgerSeal Seal { get; } = LedgerSeal.Of(Batch, Partitions);

    /// <summary>What the rules make of each partition's records: the ledger as the commit wrote it.</summary>
    public static IReadOnlyList<JournalEntry> Entries(int partitionNo) =>
        new PartitionPosting(TestData.Rules, Partitions[partitionNo - 1]).Entries(Baseline.Premiums, Baseline.Claims);

    public static IReadOnlyList<JournalEntry> AllEntries => [.. Entries(1), .. Entries(2)];

    /// <summary>The ledger measured as a store would: every header and line hashed, of the batch unless <paramref name="foreign"/> names it.</summary>
    public static LedgerTally Tally(IEnumerable<JournalEntry> entries, Func<StagedLineRow, bool>? keepLine = null, long? foreign = null)
    {
        var tally = new LedgerTally(Seal);
        var list = entries.ToList();
        foreach (var header in TestData.StagedHeaders(list))
        {
            tally.Header(header.JeNumber, header.JeNumber != foreign, header.Content);
        }

        foreach (var line in TestData.StagedLines(list).Where(keepLine ?? (_ => true)))
        {
            tally.Line(line.JeNumber, line.Content);
        }

        return tally;
    }
}
