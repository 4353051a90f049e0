using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Validation;

/// <summary>The pure pipeline end to end: scan, plan, post each partition, tally the entries, verify.</summary>
public class PipelineTests
{
    private static StagingFacts PostAndTally(BatchPlan plan, IReadOnlyList<PremiumRecord> premiums, IReadOnlyList<ClaimRecord> claims)
    {
        var engine = new PostingEngine(TestData.Rules);
        var violations = new List<SourceViolation>();
        var tally = new StagingTally([.. plan.Partitions.Select(p => new PartitionDigestRange(p.PartitionNo, p.Sequence))]);
        foreach (var partition in plan.Partitions)
        {
            var entries = new List<JournalEntry>();
            long offset = 0;
            if (partition.Kind == SourceKind.Premium)
            {
                foreach (var record in premiums.Where(p => p.TxnId >= partition.FirstSourceId && p.TxnId <= partition.LastSourceId))
                {
                    if (PremiumRules.Check(record, TestData.Rules, violations, out var txn) == SourceVerdict.Post)
                    {
                        engine.PostPremium(txn!, offset++, partition.Sequence, entries);
                    }
                }
            }
            else
            {
                foreach (var record in claims.Where(c => c.ClaimId >= partition.FirstSourceId && c.ClaimId <= partition.LastSourceId))
                {
                    if (ClaimRules.Check(record, TestData.Rules, violations, out var txn) == SourceVerdict.Post)
                    {
                        entries.Add(engine.PostClaim(txn!, offset++, partition.Sequence));
                    }
                }
            }

            offset.ShouldBe(partition.RecordCount);
            tally.AddPartition(partition.Sequence, TestData.StagedHeaders(entries), TestData.StagedLines(entries));
        }

        violations.ShouldBeEmpty();
        return tally.Complete();
    }

    private static BatchRecord BatchOf(BatchPlan plan) => new(
        plan.BatchId, plan.Period, "MONTHEND", BatchStatus.Validating, 1, plan.Rules.Version, plan.Rules.Chart.Version, plan.Sequence,
        plan.PremiumCount, plan.ClaimCount, plan.ExpectedLineCount, null, plan.SourceChecksum, plan.Totals.PremiumTotal.ToMoney(), plan.Totals.ClaimTotal.ToMoney(),
        plan.WorkerCount, plan.ChunkSize, plan.InitiatedBy, DateTimeOffset.UnixEpoch, null, null, null, null, null, null, null);

    private static PartitionRecord[] CompletedPartitions(BatchPlan plan) =>
        plan.Partitions.Select(p => Baseline.Partition(p.PartitionNo, p.Kind, p.FirstSourceId, p.LastSourceId, p.FirstPosition, p.RecordCount, p.Sequence, p.Content))
            .ToArray();

    [Fact]
    public void posting_the_hand_checked_baseline_gives_exactly_the_hand_computed_facts()
    {
        var expected = Baseline.Create().Facts;
        var scan = TestData.Scan(Baseline.Premiums, Baseline.Claims);
        var plan = BatchPlanner.Plan("2025-01-MONTHEND", new Period(2025, 1), TestData.Rules, scan, Baseline.First, 1, 100, "tester");

        var facts = PostAndTally(plan, Baseline.Premiums, Baseline.Claims);

        facts.HeaderCount.ShouldBe(expected.HeaderCount);
        facts.PremiumHeaderCount.ShouldBe(expected.PremiumHeaderCount);
        facts.ClaimHeaderCount.ShouldBe(expected.ClaimHeaderCount);
        facts.MinJeNumber.ShouldBe(expected.MinJeNumber);
        facts.MaxJeNumber.ShouldBe(expected.MaxJeNumber);
        facts.LineCount.ShouldBe(expected.LineCount);
        facts.TotalDebit.ShouldBe(expected.TotalDebit);
        facts.TotalCredit.ShouldBe(expected.TotalCredit);
        facts.PremiumEntriesDebit.ShouldBe(expected.PremiumEntriesDebit);
        facts.ClaimEntriesDebit.ShouldBe(expected.ClaimEntriesDebit);
        foreach (var fund in Funds.All)
        {
            facts.FundNetChange[fund].ShouldBe(expected.FundNetChange[fund], fund.Code());
        }

        facts.OutOfRangeEntries.ShouldBe(0);
        facts.UnbalancedEntries.ShouldBe(0);
        facts.HeaderLineMismatches.ShouldBe(0);
        facts.OrphanLines.ShouldBe(0);
        facts.MalformedLines.ShouldBe(0);
    }

    [Fact]
    public void a_generated_month_posted_partition_by_partition_passes_every_check()
    {
        var period = new Period(2024, 2);
        var generator = new SourceDataGenerator(TestData.Rules, seed: 2024);
        var premiums = generator.Premiums(period, 400, firstTxnId: 1).ToList();
        var claims = generator.Claims(period, 90, firstClaimId: 1).ToList();
        var scan = TestData.Scan(premiums, claims, BatchPlanner.SliceSize(400, 3, 10), BatchPlanner.SliceSize(90, 3, 10), firstJeNumber: 50_001);
        var plan = BatchPlanner.Plan("2024-02-MONTHEND", period, TestData.Rules, scan, 50_001, 3, 10, "tester");

        var facts = PostAndTally(plan, premiums, claims);
        var report = BatchVerifier.Evaluate(BatchOf(plan), CompletedPartitions(plan), scan, facts, 50_001);

        plan.Partitions.Count.ShouldBeGreaterThan(2);
        report.Failures.ShouldBeEmpty(report.Summary());
        facts.HeaderCount.ShouldBe((400 * 3) + 90);
        facts.PremiumEntriesDebit.ToMoney().Minor.ShouldBe(premiums.Sum(p => p.PremiumAmount!.Value.Minor));
        facts.ClaimEntriesDebit.ToMoney().Minor.ShouldBe(claims.Sum(c => c.ClaimAmount!.Value.Minor));
        facts.FundNetChange[Fund.Ujroh].ToMoney().Minor.ShouldBe(premiums.Sum(p => p.FundUjroh!.Value.Minor));
    }

    [Fact]
    public void a_partition_posted_at_shifted_offsets_is_caught_by_the_sequence_check()
    {
        var scan = TestData.Scan(Baseline.Premiums, Baseline.Claims, firstJeNumber: Baseline.First);
        var plan = BatchPlanner.Plan("2025-01-MONTHEND", new Period(2025, 1), TestData.Rules, scan, Baseline.First, 1, 100, "tester");
        var engine = new PostingEngine(TestData.Rules);
        var tally = new StagingTally([.. plan.Partitions.Select(p => new PartitionDigestRange(p.PartitionNo, p.Sequence))]);
        var premiumPartition = plan.Partitions[0];
        var claimPartition = plan.Partitions[1];
        // The claim is numbered off the whole batch's range at the wrong offset: it takes 1006, the premiums'
        // last number, which lies outside its own partition (1007..1007), and 1007 is never used.
        var wide = new SequenceRange(premiumPartition.Sequence.First, plan.Sequence.Last);
        var entries = new List<JournalEntry>();
        engine.PostPremium(TestData.PostablePremium(1, 100_000_000), 0, premiumPartition.Sequence, entries);
        engine.PostPremium(TestData.PostablePremium(2, 123_456_789), 1, premiumPartition.Sequence, entries);
        tally.AddPartition(premiumPartition.Sequence, TestData.StagedHeaders(entries), TestData.StagedLines(entries));
        var claim = engine.PostClaim(TestData.PostableClaim(10), 5, wide);
        tally.AddPartition(claimPartition.Sequence, TestData.StagedHeaders([claim]), TestData.StagedLines([claim]));
        var facts = tally.Complete();

        var report = BatchVerifier.Evaluate(BatchOf(plan), CompletedPartitions(plan), scan, facts, Baseline.First);

        claim.JeNumber.ShouldBe(1_006);
        facts.OutOfRangeEntries.ShouldBe(1);
        report.Failures.Select(f => f.Code).ShouldBe([CheckCode.SequenceIntegrity, CheckCode.EntryContent]);
    }
}
