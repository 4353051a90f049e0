using MonthEnd.Core.Accounting;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.Rules;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Posting;

public class PremiumPostingTests
{
    private static readonly PostingEngine Engine = new(TestData.Rules);

    private static List<JournalEntry> Post(long txnId, long premiumSen, long offset, SequenceRange range)
    {
        var entries = new List<JournalEntry>();
        Engine.PostPremium(TestData.PostablePremium(txnId, premiumSen), offset, range, entries);
        return entries;
    }

    [Fact]
    public void a_premium_gives_three_entries_numbered_from_its_offset_times_three()
    {
        var range = SequenceRange.OfCount(1_001, 12);

        var entries = Post(42, 100_000_000, offset: 2, range);

        entries.Select(e => e.JeNumber).ShouldBe([1_007L, 1_008L, 1_009L]);
        entries.Select(e => e.Template.Code).ShouldBe(["PREM-TBR", "PREM-TNH", "PREM-UJR"]);
    }

    [Fact]
    public void the_three_entries_carry_the_allocation_parts_debit_bank_credit_fund_income()
    {
        // 1,234,567.89: 40% = 493,827.156 -> 493,827.16 each; Ujroh 246,913.57.
        var entries = Post(42, 123_456_789, offset: 0, SequenceRange.OfCount(1, 3));

        (string Income, Fund Fund, long Amount)[] expected =
        [
            ("4101", Fund.Tabarru, 49_382_716),
            ("4201", Fund.Tanahud, 49_382_716),
            ("4301", Fund.Ujroh, 24_691_357),
        ];
        entries.Count.ShouldBe(3);
        for (var k = 0; k < 3; k++)
        {
            var amount = new Money(expected[k].Amount);
            entries[k].Lines.ShouldBe(
            [
                new JournalLine(1, "1101", null, amount, Money.Zero, null),
                new JournalLine(2, expected[k].Income, expected[k].Fund, Money.Zero, amount, null),
            ]);
            entries[k].TotalDebit.ShouldBe(amount);
            entries[k].TotalCredit.ShouldBe(amount);
        }

        entries.Sum(e => e.TotalDebit.Minor).ShouldBe(123_456_789);
    }

    [Fact]
    public void premium_entries_reference_the_txn_on_its_payment_date()
    {
        var entries = Post(42, 100_000_000, offset: 0, SequenceRange.OfCount(1, 3));

        entries.ShouldAllBe(e => e.ReferenceId == 42 && e.ReferenceType == SourceKind.Premium && e.JeDate == TestData.Day);
    }

    [Fact]
    public void posting_the_same_premium_at_the_same_offset_twice_gives_identical_entries()
    {
        var range = SequenceRange.OfCount(500, 30);

        var first = Post(7, 987_654_321, offset: 5, range);
        var again = Post(7, 987_654_321, offset: 5, range);

        again.Count.ShouldBe(first.Count);
        for (var k = 0; k < first.Count; k++)
        {
            again[k].JeNumber.ShouldBe(first[k].JeNumber);
            again[k].JeDate.ShouldBe(first[k].JeDate);
            again[k].ReferenceId.ShouldBe(first[k].ReferenceId);
            again[k].Template.ShouldBeSameAs(first[k].Template);
            again[k].Lines.ShouldBe(first[k].Lines);
        }
    }

    [Fact]
    public void consecutive_premiums_of_a_partition_take_consecutive_numbers_without_gaps()
    {
        var range = SequenceRange.OfCount(2_001, 15);
        var entries = new List<JournalEntry>();

        for (var offset = 0; offset < 5; offset++)
        {
            Engine.PostPremium(TestData.PostablePremium(100 + offset), offset, range, entries);
        }

        entries.Select(e => e.JeNumber).ShouldBe(Enumerable.Range(2_001, 15).Select(n => (long)n));
    }

    [Fact]
    public void posting_past_the_partitions_range_throws_sequence_exhausted()
    {
        var range = SequenceRange.OfCount(1_001, 6);

        var error = Should.Throw<SequenceExhaustedException>(() => Post(42, 100_000_000, offset: 2, range));

        error.Range.ShouldBe(range);
        error.Offset.ShouldBe(6);
    }

    [Fact]
    public void entries_are_appended_to_what_the_collection_already_holds()
    {
        var entries = new List<JournalEntry>();
        Engine.PostPremium(TestData.PostablePremium(1), 0, SequenceRange.OfCount(1, 6), entries);
        Engine.PostPremium(TestData.PostablePremium(2), 1, SequenceRange.OfCount(1, 6), entries);

        entries.Select(e => e.ReferenceId).ShouldBe([1L, 1L, 1L, 2L, 2L, 2L]);
    }

    [Fact]
    public void each_fund_entry_takes_its_own_part_when_the_parts_differ()
    {
        // A 35/45/20 product: 1,000,000.00 -> 350,000.00 / 450,000.00 / 200,000.00.
        var rules = RulesFile.Load(root =>
        {
            RulesFile.Product(root)["tabarruBasisPoints"] = 3_500;
            RulesFile.Product(root)["tanahudBasisPoints"] = 4_500;
        });
        var record = TestData.Premium(42, 100_000_000) with
        {
            FundTabarru = new Money(35_000_000), FundTanahud = new Money(45_000_000), FundUjroh = new Money(20_000_000),
        };
        PremiumRules.Check(record, rules, new List<SourceViolation>(), out var txn).ShouldBe(SourceVerdict.Post);
        var entries = new List<JournalEntry>();

        new PostingEngine(rules).PostPremium(txn!, 0, SequenceRange.OfCount(1, 3), entries);

        entries.Select(e => (e.Template.Code, e.TotalDebit.Minor, e.Lines[1].Credit.Minor, e.Lines[1].Fund)).ShouldBe(
        [
            ("PREM-TBR", 35_000_000L, 35_000_000L, (Fund?)Fund.Tabarru),
            ("PREM-TNH", 45_000_000L, 45_000_000L, Fund.Tanahud),
            ("PREM-UJR", 20_000_000L, 20_000_000L, Fund.Ujroh),
        ]);
    }
}
