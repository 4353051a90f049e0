using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Source;

/// <summary>Source beyond what the ledger and the engine's 64-bit ids and sums hold is named by a rule, never thrown.</summary>
public class SourceLimitTests
{
    // 9,000,000,000,000,000.00 IDR: fits the ledger (NUMERIC(18,2)); eleven of them pass 2^63 sen.
    private const long HugeSen = 900_000_000_000_000_000;

    [Fact]
    public void premiums_whose_total_passes_the_ledger_are_named_from_the_record_that_carries_it_over()
    {
        var premiums = Enumerable.Range(1, 12).Select(id => TestData.Premium(id, HugeSen)).ToList();

        var result = TestData.Scan(premiums, []);

        result.IsValid.ShouldBeFalse();
        result.FirstViolations.ShouldAllBe(v => v.Rule == SourceRule.TotalWithinLedgerRange);
        result.FirstViolations.Select(v => v.Record).ShouldBe(Enumerable.Range(2, 11).Select(id => $"premium txn_id {id}"));
        result.InvalidRecordCount.ShouldBe(11);
        result.Totals.PremiumTotal.MinorUnits.ShouldBe((Int128)HugeSen * 12);
        result.Totals.Allocations[Fund.Tabarru].MinorUnits.ShouldBe((Int128)HugeSen * 12 * 40 / 100);
        result.FirstViolations[0].Message.ToString().ShouldContain("the premium total 18,000,000,000,000,000.00 IDR exceeds the ledger's largest amount");
    }

    [Fact]
    public void claims_whose_total_passes_the_ledger_are_named_too()
    {
        var claims = Enumerable.Range(1, 3).Select(id => TestData.Claim(id, HugeSen)).ToList();

        var result = TestData.Scan([], claims);

        result.FirstViolations.Select(v => (v.Record, v.Rule)).ShouldBe(
            [("claim claim_id 2", SourceRule.TotalWithinLedgerRange), ("claim claim_id 3", SourceRule.TotalWithinLedgerRange)]);
    }

    [Fact]
    public void a_source_whose_totals_reach_exactly_the_ledgers_largest_amount_is_valid()
    {
        var result = TestData.Scan([TestData.Premium(1, Money.MaxLedgerAmount.Minor - 100), TestData.Premium(2, 100)], []);

        result.IsValid.ShouldBeTrue(string.Join("; ", result.FirstViolations));
        result.Totals.PremiumTotal.ShouldBe((MoneyTotal)Money.MaxLedgerAmount);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData((1L << 62) + 1)]
    [InlineData(long.MaxValue)]
    public void an_id_outside_1_to_2_pow_62_is_an_invalid_record(long id)
    {
        var result = TestData.Scan([TestData.Premium(id)], [TestData.Claim(id)]);

        result.FirstViolations.Select(v => (v.Kind, v.Rule)).ShouldBe(
            [(SourceKind.Premium, SourceRule.IdInRange), (SourceKind.Claim, SourceRule.IdInRange)]);
        result.FirstViolations[0].Message.ToString().ShouldBe($"txn_id {id} is outside 1..4611686018427387904 (2^62)");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1L << 62)]
    public void ids_at_the_ends_of_the_range_are_valid(long id)
    {
        TestData.Scan([TestData.Premium(id)], [TestData.Claim(id)]).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void a_record_breaking_three_rules_counts_as_one_invalid_record_with_three_violations()
    {
        var broken = TestData.Premium(-5, premiumSen: -100) with { ProductCode = null };

        var result = TestData.Scan([broken, TestData.Premium(7)], []);

        result.InvalidRecordCount.ShouldBe(1);
        result.ViolationCount.ShouldBe(result.FirstViolations.Count);
        result.FirstViolations.Select(v => v.Rule).ShouldContain(SourceRule.IdInRange);
        result.FirstViolations.Select(v => v.Rule).ShouldContain(SourceRule.AmountPositive);
        result.FirstViolations.Select(v => v.Rule).ShouldContain(SourceRule.RequiredField);
        result.FirstViolations.ShouldAllBe(v => v.Record == "premium txn_id -5");
    }

    [Fact]
    public void staging_edited_to_amounts_past_64_bits_is_measured_and_fails_balance_without_overflowing()
    {
        var tally = new StagingTally();
        var huge = new Money(long.MaxValue);
        tally.AddPartition(new MonthEnd.Core.Planning.SequenceRange(1, 3),
            [new StagedHeaderRow(1, SourceKind.Premium, huge, huge), new StagedHeaderRow(2, SourceKind.Premium, huge, huge)],
            [
                new StagedLineRow(1, 1, null, huge, Money.Zero), new StagedLineRow(1, 2, Fund.Tabarru, Money.Zero, huge),
                new StagedLineRow(1, 3, null, huge, Money.Zero),
                new StagedLineRow(2, 1, null, huge, Money.Zero), new StagedLineRow(2, 2, Fund.Tabarru, Money.Zero, huge),
            ]);

        var facts = tally.Complete();

        facts.TotalDebit.MinorUnits.ShouldBe((Int128)long.MaxValue * 3);
        facts.TotalCredit.MinorUnits.ShouldBe((Int128)long.MaxValue * 2);
        facts.FundNetChange[Fund.Tabarru].MinorUnits.ShouldBe((Int128)long.MaxValue * 2);
        facts.PremiumEntriesDebit.MinorUnits.ShouldBe((Int128)long.MaxValue * 2);
        facts.UnbalancedEntries.ShouldBe(1);
        facts.SampleBadEntries.ShouldBe([1L]);
    }
}
