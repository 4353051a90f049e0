using MonthEnd.Core.Accounting;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Tests.TestSupport;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Validation;

public class SealedStagingTests
{
    private static readonly SequenceRange Range = new(1, 100);

    /// <summary>What the database would find among one transaction's rows when it holds exactly what the chunk wrote.</summary>
    private static (StagedByTransaction Headers, StagedByTransaction Lines) StagedAsSealed(ChunkSeal seal) =>
        (new StagedByTransaction(seal.TransactionId, new StagingFacts
        {
            HeaderCount = seal.Facts.HeaderCount,
            PremiumHeaderCount = seal.Facts.PremiumHeaderCount,
            ClaimHeaderCount = seal.Facts.ClaimHeaderCount,
            MinJeNumber = seal.Facts.MinJeNumber,
            MaxJeNumber = seal.Facts.MaxJeNumber,
            PremiumEntriesDebit = seal.Facts.PremiumEntriesDebit,
            ClaimEntriesDebit = seal.Facts.ClaimEntriesDebit,
        }),
        new StagedByTransaction(seal.TransactionId, new StagingFacts
        {
            LineCount = seal.Facts.LineCount,
            TotalDebit = seal.Facts.TotalDebit,
            TotalCredit = seal.Facts.TotalCredit,
            FundNetChange = seal.Facts.FundNetChange,
        }));

    private static ChunkSeal Seal(int partition, long transaction, IReadOnlyList<JournalEntry> entries)
    {
        var tally = new StagingTally();
        tally.AddEntries(Range, entries);
        return new ChunkSeal(partition, 0, transaction, tally.Complete());
    }

    private static List<JournalEntry> Premiums(long firstOffset, params long[] premiumsSen)
    {
        var engine = new PostingEngine(TestData.Rules);
        var entries = new List<JournalEntry>();
        for (var i = 0; i < premiumsSen.Length; i++)
        {
            engine.PostPremium(TestData.PostablePremium(firstOffset + i + 1, premiumsSen[i]), firstOffset + i, Range, entries);
        }

        return entries;
    }

    private static SealedStagingResult Reconcile(params ChunkSeal[] seals) =>
        SealedStaging.Reconcile(seals, seals.Select(s => StagedAsSealed(s).Headers).ToList(), seals.Select(s => StagedAsSealed(s).Lines).ToList());

    [Fact]
    public void a_chunks_seal_counts_and_sums_its_entries_as_the_staging_tally_would_read_them_back()
    {
        var entries = Premiums(0, 100_000_000, 123_456_789);

        var sealedFacts = Seal(1, 500, entries).Facts;

        var read = new StagingTally();
        read.AddPartition(Range, TestData.StagedHeaders(entries), TestData.StagedLines(entries));
        var readBack = read.Complete();
        // Record equality, but for the three members compared by reference: each is compared on its own.
        var funds = new FundAmounts();
        IReadOnlyList<long> samples = [];
        var digests = new Dictionary<int, ContentDigest>();
        (sealedFacts with { FundNetChange = funds, SampleBadEntries = samples, ContentDigests = digests })
            .ShouldBe(readBack with { FundNetChange = funds, SampleBadEntries = samples, ContentDigests = digests });
        sealedFacts.ContentDigests.ShouldBe(readBack.ContentDigests);
        sealedFacts.ContentDigests.Values.Single().ShouldNotBe(ContentDigest.Empty);
        sealedFacts.SampleBadEntries.ShouldBe(readBack.SampleBadEntries);
        Funds.All.ShouldAllBe(f => sealedFacts.FundNetChange[f] == readBack.FundNetChange[f]);
        sealedFacts.HeaderCount.ShouldBe(6);
        // 40/40/20 of each premium, credited to its fund.
        sealedFacts.FundNetChange[Fund.Tabarru].ShouldBe(TestData.Sen(TestData.FortyPercent(100_000_000) + TestData.FortyPercent(123_456_789)));
    }

    [Fact]
    public void staging_holding_exactly_what_the_chunks_sealed_gives_the_sum_of_their_seals()
    {
        var first = Seal(1, 500, Premiums(0, 100_000_000));
        var second = Seal(1, 501, Premiums(1, 200_000_000));

        var result = Reconcile(first, second);

        result.Difference.ShouldBeNull();
        var facts = result.Facts.ShouldNotBeNull();
        facts.HeaderCount.ShouldBe(6);
        facts.MinJeNumber.ShouldBe(1);
        facts.MaxJeNumber.ShouldBe(6);
        facts.TotalDebit.ShouldBe(TestData.Sen(300_000_000));
        facts.TotalCredit.ShouldBe(TestData.Sen(300_000_000));
        facts.FundNetChange[Fund.Ujroh].ShouldBe(TestData.Sen(300_000_000 - TestData.FortyPercent(100_000_000) * 2 - TestData.FortyPercent(200_000_000) * 2));
    }

    [Fact]
    public void rows_written_by_a_transaction_that_sealed_no_chunk_are_a_difference()
    {
        var seal = Seal(1, 500, Premiums(0, 100_000_000));
        var (headers, lines) = StagedAsSealed(seal);
        var stranger = new StagedByTransaction(777, new StagingFacts { LineCount = 1 });

        var result = SealedStaging.Reconcile([seal], [headers], [lines, stranger]);

        result.Facts.ShouldBeNull();
        result.Difference.ShouldBe("staged rows written by transaction 777, which sealed no chunk (1 such transactions)");
    }

    [Fact]
    public void a_chunk_whose_rows_are_not_all_there_is_a_difference_naming_the_chunk()
    {
        var seal = Seal(3, 500, Premiums(0, 100_000_000)) with { FromRecord = 40 };
        var (headers, lines) = StagedAsSealed(seal);
        var oneLineLess = lines with { Totals = lines.Totals with { LineCount = lines.Totals.LineCount - 1 } };

        var result = SealedStaging.Reconcile([seal], [headers], [oneLineLess]);

        result.Facts.ShouldBeNull();
        result.Difference.ShouldBe("partition 3, chunk from record 40: sealed lines 6, staged 5");
    }

    [Fact]
    public void a_fund_net_that_differs_from_the_seal_is_a_difference_even_when_every_total_agrees()
    {
        var seal = Seal(1, 500, Premiums(0, 100_000_000));
        var (headers, lines) = StagedAsSealed(seal);
        var moved = FundAmounts.Of(lines.Totals.FundNetChange[Fund.Tabarru] - TestData.Sen(1), lines.Totals.FundNetChange[Fund.Tanahud],
            lines.Totals.FundNetChange[Fund.Ujroh] + TestData.Sen(1));

        var result = SealedStaging.Reconcile([seal], [headers], [lines with { Totals = lines.Totals with { FundNetChange = moved } }]);

        result.Facts.ShouldBeNull();
        result.Difference.ShouldNotBeNull().ShouldContain("TABARRU net");
    }

    [Fact]
    public void a_sealed_chunk_with_no_rows_left_is_a_difference()
    {
        var seal = Seal(1, 500, Premiums(0, 100_000_000));

        var result = SealedStaging.Reconcile([seal], [], []);

        result.Difference.ShouldBe("partition 1, chunk from record 0: sealed entries 3, staged 0");
    }

    [Fact]
    public void a_batch_without_seals_is_measured()
    {
        SealedStaging.Reconcile([], [], []).Difference.ShouldBe("no chunk is sealed");
    }

    [Fact]
    public void summed_facts_keep_every_per_entry_finding_and_the_ten_lowest_samples()
    {
        StagingFacts Part(long min, long max, long unbalanced, params long[] samples) =>
            new() { MinJeNumber = min, MaxJeNumber = max, UnbalancedEntries = unbalanced, SampleBadEntries = samples };

        var sum = StagingFactsSum.Of([Part(50, 60, 2, 55, 57), Part(1, 10, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9), Part(11, 20, 1, 12)]);

        sum.MinJeNumber.ShouldBe(1);
        sum.MaxJeNumber.ShouldBe(60);
        sum.UnbalancedEntries.ShouldBe(12);
        sum.SampleBadEntries.ShouldBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 12]);
    }
}
