using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Tests.TestSupport;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Validation;

public class BatchVerifierTests
{
    private static readonly string[] AllChecks =
    [
        "PARTITIONS_COMPLETE", "SOURCE_VALID", "SOURCE_CHECKSUM", "RECORD_COUNT", "LINE_COUNT", "SEQUENCE_INTEGRITY",
        "ENTRY_BALANCE", "ENTRY_CONTENT", "TOTAL_BALANCE", "FUND_TOTALS", "PREMIUM_RECONCILIATION", "CLAIM_RECONCILIATION", "LEDGER_CONTINUITY",
    ];

    [Fact]
    public void a_consistent_batch_passes_every_check()
    {
        var report = Baseline.Create().Evaluate();

        report.Checks.Select(c => c.Code).ShouldBe(AllChecks, ignoreOrder: true);
        report.Failures.ShouldBeEmpty(report.Summary());
        report.Passed.ShouldBeTrue();
        report.Summary().ShouldBe("all checks passed");
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "a premium entry staged as a claim", CheckCode.RecordCount },
        { "a line lost", CheckCode.LineCount },
        { "a number past the end of the range", CheckCode.SequenceIntegrity },
        { "a number before the start of the range", CheckCode.SequenceIntegrity },
        { "an entry outside its partition's range", CheckCode.SequenceIntegrity },
        { "an unbalanced entry", CheckCode.EntryBalance },
        { "a header not matching its lines", CheckCode.EntryBalance },
        { "an orphan line", CheckCode.EntryBalance },
        { "a malformed line", CheckCode.EntryBalance },
        { "a staged row unlike its source record", CheckCode.EntryContent },
        { "a partition planned without a content digest", CheckCode.EntryContent },
        { "total credits one sen over", CheckCode.TotalBalance },
        { "a fund moved one sen too much", CheckCode.FundTotals },
        { "premium entries one sen short", CheckCode.PremiumReconciliation },
        { "claim entries one sen over", CheckCode.ClaimReconciliation },
        { "the source checksum changed", CheckCode.SourceChecksum },
        { "the source became invalid", CheckCode.SourceValid },
        { "a partition still running", CheckCode.PartitionsComplete },
        { "a partition short of records", CheckCode.PartitionsComplete },
        { "the ledger moved on", CheckCode.LedgerContinuity },
        { "the ledger lost numbers", CheckCode.LedgerContinuity },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void breaking_one_fact_fails_exactly_its_check(string breakage, string check)
    {
        var ok = Baseline.Create();
        var facts = ok.Facts;
        var broken = breakage switch
        {
            "a premium entry staged as a claim" => ok with { Facts = facts with { PremiumHeaderCount = 5, ClaimHeaderCount = 2 } },
            "a line lost" => ok with { Facts = facts with { LineCount = 13 } },
            "a number past the end of the range" => ok with { Facts = facts with { MaxJeNumber = 1_008 } },
            "a number before the start of the range" => ok with { Facts = facts with { MinJeNumber = 1_000 } },
            "an entry outside its partition's range" => ok with { Facts = facts with { OutOfRangeEntries = 1 } },
            "an unbalanced entry" => ok with { Facts = facts with { UnbalancedEntries = 1, SampleBadEntries = [1_004] } },
            "a header not matching its lines" => ok with { Facts = facts with { HeaderLineMismatches = 1 } },
            "an orphan line" => ok with { Facts = facts with { OrphanLines = 1 } },
            "a malformed line" => ok with { Facts = facts with { MalformedLines = 1 } },
            "a staged row unlike its source record" => ok with
            {
                Facts = facts with { ContentDigests = new Dictionary<int, ContentDigest>(facts.ContentDigests) { [1] = facts.ContentDigests[1].Add(1) } },
            },
            "a partition planned without a content digest" => ok with { Partitions = [ok.Partitions[0] with { Content = null }, ok.Partitions[1]] },
            "total credits one sen over" => ok with { Facts = facts with { TotalCredit = new Money(723_456_790) } },
            "a fund moved one sen too much" => ok with
            {
                Facts = facts with { FundNetChange = FundAmounts.Of(new Money(-410_617_284), new Money(89_382_717), new Money(44_691_357)) },
            },
            "premium entries one sen short" => ok with { Facts = facts with { PremiumEntriesDebit = new Money(223_456_788) } },
            "claim entries one sen over" => ok with { Facts = facts with { ClaimEntriesDebit = new Money(500_000_001) } },
            "the source checksum changed" => ok with { Batch = ok.Batch with { SourceChecksum = new string('0', 64) } },
            // An invalid row is neither hashed nor totalled: only its validity changes.
            "the source became invalid" => ok with
            {
                Source = TestData.Scan([.. Baseline.Premiums, TestData.Premium(3, status: "LOST")], Baseline.Claims),
            },
            "a partition still running" => ok with
            {
                Partitions = [ok.Partitions[0], ok.Partitions[1] with { Status = PartitionStatus.Running }],
            },
            "a partition short of records" => ok with
            {
                Partitions = [ok.Partitions[0] with { RecordsProcessed = 1 }, ok.Partitions[1]],
            },
            "the ledger moved on" => ok with { NextLedgerJeNumber = 1_002 },
            "the ledger lost numbers" => ok with { NextLedgerJeNumber = 1_000 },
            _ => throw new ArgumentOutOfRangeException(nameof(breakage)),
        };

        var report = broken.Evaluate();

        report.Passed.ShouldBeFalse();
        report.Failures.Select(f => f.Code).ShouldBe([check], breakage);
        report.Summary().ShouldContain(check);
        report.Checks.Count.ShouldBe(AllChecks.Length, "every check runs even when one fails");
    }

    [Fact]
    public void a_partition_failure_names_the_partition_and_its_error()
    {
        var ok = Baseline.Create();
        var broken = ok with
        {
            Partitions = [ok.Partitions[0] with { Status = PartitionStatus.Failed, RecordsProcessed = 1, Error = "disk full" }, ok.Partitions[1]],
        };

        var check = broken.Evaluate().Failures.ShouldHaveSingleItem();

        check.Message.ShouldContain("#1");
        check.Message.ShouldContain("FAILED");
        check.Message.ShouldContain("1/2");
        check.Message.ShouldContain("disk full");
    }

    [Fact]
    public void an_unbalanced_entry_is_named_by_its_je_number()
    {
        var ok = Baseline.Create();
        var broken = ok with { Facts = ok.Facts with { UnbalancedEntries = 1, SampleBadEntries = [1_004] } };

        broken.Evaluate().Failures.ShouldHaveSingleItem().Message.ShouldContain("1004");
    }

    [Fact]
    public void an_invalid_source_quotes_its_violations()
    {
        var ok = Baseline.Create();
        var broken = ok with { Source = TestData.Scan([.. Baseline.Premiums, TestData.Premium(3, status: "LOST")], Baseline.Claims) };

        var check = broken.Evaluate().Failures.ShouldHaveSingleItem();

        check.Actual.ShouldBe("1 invalid records");
        check.Message.ShouldContain("premium txn_id 3");
    }

    [Fact]
    public void a_changed_source_fails_the_checksum_and_every_total_it_moves()
    {
        var ok = Baseline.Create();
        var changed = ok with { Source = TestData.Scan([TestData.Premium(1, 100_000_000), TestData.Premium(2, 123_456_790)], Baseline.Claims) };

        changed.Evaluate().Failures.Select(f => f.Code)
            .ShouldBe([CheckCode.SourceChecksum, CheckCode.FundTotals, CheckCode.PremiumReconciliation], ignoreOrder: true);
    }

    [Fact]
    public void an_empty_batch_with_nothing_staged_passes()
    {
        var empty = EmptyBatch(new StagingFacts());

        empty.Evaluate().Failures.ShouldBeEmpty();
    }

    [Fact]
    public void an_empty_batch_with_a_stray_entry_fails()
    {
        var empty = EmptyBatch(new StagingFacts { HeaderCount = 1, ClaimHeaderCount = 1, MinJeNumber = 1_001, MaxJeNumber = 1_001 });

        var failures = empty.Evaluate().Failures.Select(f => f.Code).ToList();

        failures.ShouldContain(CheckCode.RecordCount);
        failures.ShouldContain(CheckCode.SequenceIntegrity);
    }

    /// <summary>A batch with nothing to post (no source, an empty JE range), its staging as given.</summary>
    private static Baseline EmptyBatch(StagingFacts staging)
    {
        var source = TestData.Scan([], []);
        return new Baseline(
            Baseline.Create().Batch with
            {
                Sequence = MonthEnd.Core.Planning.SequenceRange.OfCount(1_001, 0), PremiumCount = 0, ClaimCount = 0, ExpectedLineCount = 0,
                SourceChecksum = source.Checksum, PremiumTotal = Money.Zero, ClaimTotal = Money.Zero,
            },
            [],
            source,
            staging,
            1_001);
    }
}
