using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Planning;

public class BatchPlannerTests
{
    private static readonly Period January = new(2025, 1);

    private static SourceScanResult Scan(int premiums, int claims, long premiumSlice, long claimSlice) =>
        TestData.Scan(
            Enumerable.Range(1, premiums).Select(id => TestData.Premium(id * 10)),
            Enumerable.Range(1, claims).Select(id => TestData.Claim(id * 100)),
            premiumSlice,
            claimSlice);

    private static BatchPlan Plan(SourceScanResult scan, long firstJeNumber = 1_001) =>
        BatchPlanner.Plan("2025-01-MONTHEND", January, TestData.Rules, scan, firstJeNumber, workerCount: 2, chunkSize: 100, initiatedBy: "tester");

    [Fact]
    public void partitions_take_premiums_first_three_numbers_each_then_claims_one_each()
    {
        // 10 premiums in slices of 4, 4, 2 and 7 claims in slices of 3, 3, 1, numbered from 1001.
        var plan = Plan(Scan(10, 7, 4, 3));

        plan.Partitions.ShouldBe(
        [
            new PartitionPlan(1, SourceKind.Premium, 10, 40, 0, 4, new SequenceRange(1_001, 1_012), LineCount: 24),
            new PartitionPlan(2, SourceKind.Premium, 50, 80, 4, 4, new SequenceRange(1_013, 1_024), LineCount: 24),
            new PartitionPlan(3, SourceKind.Premium, 90, 100, 8, 2, new SequenceRange(1_025, 1_030), LineCount: 12),
            new PartitionPlan(4, SourceKind.Claim, 100, 300, 0, 3, new SequenceRange(1_031, 1_033), LineCount: 6),
            new PartitionPlan(5, SourceKind.Claim, 400, 600, 3, 3, new SequenceRange(1_034, 1_036), LineCount: 6),
            new PartitionPlan(6, SourceKind.Claim, 700, 700, 6, 1, new SequenceRange(1_037, 1_037), LineCount: 2),
        ]);
    }

    [Fact]
    public void the_batch_takes_exactly_three_numbers_per_premium_plus_one_per_claim()
    {
        var plan = Plan(Scan(10, 7, 4, 3));

        plan.Sequence.ShouldBe(new SequenceRange(1_001, 1_001 + (3 * 10) + 7 - 1));
        plan.ExpectedJeCount.ShouldBe(37);
        plan.PremiumCount.ShouldBe(10);
        plan.ClaimCount.ShouldBe(7);
        plan.ExpectedLineCount.ShouldBe((10 * 6) + (7 * 2));
    }

    [Fact]
    public void the_plan_carries_the_scans_checksum_totals_and_the_request()
    {
        var scan = Scan(3, 2, 10, 10);

        var plan = Plan(scan);

        plan.SourceChecksum.ShouldBe(scan.Checksum);
        plan.Totals.ShouldBeSameAs(scan.Totals);
        plan.BatchId.ShouldBe("2025-01-MONTHEND");
        plan.Period.ShouldBe(January);
        plan.WorkerCount.ShouldBe(2);
        plan.ChunkSize.ShouldBe(100);
        plan.InitiatedBy.ShouldBe("tester");
    }

    [Theory]
    [InlineData(1, 0, 1, 1)]
    [InlineData(0, 1, 1, 1)]
    [InlineData(13, 11, 5, 2)]
    [InlineData(50, 50, 7, 9)]
    [InlineData(20, 3, 1, 1)]
    public void partitions_cover_the_whole_range_contiguously_for_any_slicing(int premiums, int claims, long premiumSlice, long claimSlice)
    {
        const long First = 7_777;
        var plan = Plan(Scan(premiums, claims, premiumSlice, claimSlice), First);

        var next = First;
        var seenClaim = false;
        foreach (var partition in plan.Partitions)
        {
            partition.Sequence.First.ShouldBe(next);
            partition.Sequence.Count.ShouldBe(partition.Kind == SourceKind.Premium ? partition.RecordCount * 3 : partition.RecordCount);
            seenClaim |= partition.Kind == SourceKind.Claim;
            if (seenClaim)
            {
                partition.Kind.ShouldBe(SourceKind.Claim, "premiums come before claims");
            }

            next = partition.Sequence.Last + 1;
        }

        next.ShouldBe(First + (3L * premiums) + claims);
        plan.Sequence.ShouldBe(SequenceRange.OfCount(First, (3L * premiums) + claims));
        plan.Partitions.Select(p => p.PartitionNo).ShouldBe(Enumerable.Range(1, plan.Partitions.Count));
        plan.Partitions.Sum(p => p.RecordCount).ShouldBe(premiums + claims);
    }

    [Fact]
    public void an_empty_source_plans_an_empty_batch()
    {
        var plan = Plan(Scan(0, 0, 10, 10));

        plan.Partitions.ShouldBeEmpty();
        plan.Sequence.Count.ShouldBe(0);
        plan.Sequence.First.ShouldBe(1_001);
    }

    [Fact]
    public void an_invalid_source_is_refused()
    {
        var scan = TestData.Scan([TestData.Premium(1), TestData.Premium(2) with { PolicyId = null }], []);

        var error = Should.Throw<InvalidOperationException>(() => Plan(scan));

        error.Message.ShouldContain("1 violations");
    }

    [Theory]
    [InlineData(1_000, 2, 10, 125)]   // 1000 records over 2 workers x 4 partitions
    [InlineData(1_001, 2, 10, 126)]   // rounded up
    [InlineData(10, 4, 100, 100)]     // never below one chunk
    [InlineData(0, 1, 1, 1)]          // never below one
    [InlineData(1_000_000, 8, 5_000, 31_250)]
    public void slice_size_aims_at_four_partitions_per_worker_but_at_least_one_chunk(long records, int workers, int chunk, long expected)
    {
        BatchPlanner.SliceSize(records, workers, chunk).ShouldBe(expected);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    public void slice_size_needs_a_worker_and_a_chunk(int workers, int chunk)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => BatchPlanner.SliceSize(100, workers, chunk));
    }
}
