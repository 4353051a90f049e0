using MonthEnd.Core.Accounting;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Validation;

public class StagingTallyTests
{
    private static readonly SequenceRange Range = new(1, 100);

    private static StagedHeaderRow Header(long je, long debit, long credit, SourceKind kind = SourceKind.Premium) =>
        new(je, kind, new Money(debit), new Money(credit));

    /// <summary>A debit line: line 1 of its entry (credits are line 2).</summary>
    private static StagedLineRow Dr(long je, long amount, Fund? fund = null) => new(je, 1, fund, new Money(amount), Money.Zero);

    private static StagedLineRow Cr(long je, long amount, Fund? fund = null) => new(je, 2, fund, Money.Zero, new Money(amount));

    /// <summary>A balanced two-line entry whose header matches.</summary>
    private static (StagedHeaderRow Header, StagedLineRow[] Lines) Entry(long je, long amount, Fund fund = Fund.Tabarru) =>
        (Header(je, amount, amount), [Dr(je, amount), Cr(je, amount, fund)]);

    private static StagingFacts Tally(SequenceRange range, StagedHeaderRow[] headers, StagedLineRow[] lines)
    {
        var tally = new StagingTally();
        tally.AddPartition(range, headers, lines);
        return tally.Complete();
    }

    private static void ShouldBeClean(StagingFacts facts)
    {
        facts.UnbalancedEntries.ShouldBe(0);
        facts.HeaderLineMismatches.ShouldBe(0);
        facts.OrphanLines.ShouldBe(0);
        facts.MalformedLines.ShouldBe(0);
        facts.OutOfRangeEntries.ShouldBe(0);
        facts.SampleBadEntries.ShouldBeEmpty();
    }

    [Fact]
    public void a_line_number_repeated_within_an_entry_makes_a_malformed_line_even_when_the_entry_balances()
    {
        // Both credits of entry 1 are its line 2.
        StagedLineRow[] lines = [Dr(1, 100), Cr(1, 60, Fund.Tabarru), Cr(1, 40, Fund.Ujroh), Dr(2, 5), Cr(2, 5)];

        var facts = Tally(Range, [Header(1, 100, 100), Header(2, 5, 5)], lines);

        facts.UnbalancedEntries.ShouldBe(0);
        facts.HeaderLineMismatches.ShouldBe(0);
        facts.MalformedLines.ShouldBe(1);
        facts.SampleBadEntries.ShouldBe([1]);
    }

    [Fact]
    public void clean_entries_are_counted_and_summed()
    {
        StagedHeaderRow[] headers = [Header(1, 100, 100), Header(2, 30, 30, SourceKind.Claim)];
        StagedLineRow[] lines = [Dr(1, 100), Cr(1, 100, Fund.Tabarru), Dr(2, 30, Fund.Tabarru), Cr(2, 30)];

        var facts = Tally(Range, headers, lines);

        ShouldBeClean(facts);
        facts.HeaderCount.ShouldBe(2);
        facts.PremiumHeaderCount.ShouldBe(1);
        facts.ClaimHeaderCount.ShouldBe(1);
        facts.MinJeNumber.ShouldBe(1);
        facts.MaxJeNumber.ShouldBe(2);
        facts.LineCount.ShouldBe(4);
        facts.TotalDebit.ShouldBe(new Money(130));
        facts.TotalCredit.ShouldBe(new Money(130));
        facts.PremiumEntriesDebit.ShouldBe(new Money(100));
        facts.ClaimEntriesDebit.ShouldBe(new Money(30));
    }

    [Fact]
    public void fund_nets_are_credits_minus_debits_of_each_funds_lines()
    {
        StagedHeaderRow[] headers = [Header(1, 400, 400), Header(2, 250, 250), Header(3, 90, 90, SourceKind.Claim), Header(4, 15, 15, SourceKind.Claim)];
        StagedLineRow[] lines =
        [
            Dr(1, 400), Cr(1, 400, Fund.Tabarru),
            Dr(2, 250), Cr(2, 250, Fund.Ujroh),
            Dr(3, 90, Fund.Tabarru), Cr(3, 90),
            Dr(4, 15, Fund.Tanahud), Cr(4, 15),
        ];

        var facts = Tally(Range, headers, lines);

        facts.FundNetChange[Fund.Tabarru].ShouldBe(new Money(310));
        facts.FundNetChange[Fund.Tanahud].ShouldBe(new Money(-15));
        facts.FundNetChange[Fund.Ujroh].ShouldBe(new Money(250));
    }

    [Fact]
    public void lines_without_a_header_are_orphans_wherever_they_fall()
    {
        StagedHeaderRow[] headers = [Header(3, 10, 10), Header(5, 10, 10)];
        StagedLineRow[] lines = [Dr(2, 1), Dr(3, 10), Cr(3, 10), Cr(4, 7), Dr(5, 10), Cr(5, 10), Dr(9, 3)];

        var facts = Tally(Range, headers, lines);

        facts.OrphanLines.ShouldBe(3);
        facts.LineCount.ShouldBe(7);
        facts.HeaderCount.ShouldBe(2);
        facts.UnbalancedEntries.ShouldBe(0);
        facts.HeaderLineMismatches.ShouldBe(0);
        facts.SampleBadEntries.ShouldBe([2L, 4L, 9L]);
    }

    [Fact]
    public void a_header_without_lines_is_a_mismatch()
    {
        var first = Entry(1, 50);
        var third = Entry(3, 70);

        var facts = Tally(Range, [first.Header, Header(2, 0, 0), third.Header], [.. first.Lines, .. third.Lines]);

        facts.HeaderLineMismatches.ShouldBe(1);
        facts.UnbalancedEntries.ShouldBe(0);
        facts.OrphanLines.ShouldBe(0);
        facts.SampleBadEntries.ShouldBe([2L]);
    }

    [Fact]
    public void an_entry_whose_lines_do_not_balance_is_unbalanced()
    {
        var facts = Tally(Range, [Header(1, 100, 90)], [Dr(1, 100), Cr(1, 90, Fund.Ujroh)]);

        facts.UnbalancedEntries.ShouldBe(1);
        facts.HeaderLineMismatches.ShouldBe(0);
        facts.TotalDebit.ShouldBe(new Money(100));
        facts.TotalCredit.ShouldBe(new Money(90));
        facts.SampleBadEntries.ShouldBe([1L]);
    }

    [Theory]
    [InlineData(90, 90)]
    [InlineData(100, 90)]
    [InlineData(90, 100)]
    public void a_header_whose_totals_differ_from_its_lines_is_a_mismatch(long headerDebit, long headerCredit)
    {
        var facts = Tally(Range, [Header(1, headerDebit, headerCredit)], [Dr(1, 100), Cr(1, 100, Fund.Tabarru)]);

        facts.HeaderLineMismatches.ShouldBe(1);
        facts.UnbalancedEntries.ShouldBe(0);
        facts.SampleBadEntries.ShouldBe([1L]);
    }

    [Fact]
    public void entries_numbered_outside_their_partitions_range_are_counted()
    {
        var inside = Entry(10, 5);
        var outside = Entry(13, 5);

        var facts = Tally(new SequenceRange(10, 12), [inside.Header, outside.Header], [.. inside.Lines, .. outside.Lines]);

        facts.OutOfRangeEntries.ShouldBe(1);
        facts.MaxJeNumber.ShouldBe(13);
        facts.SampleBadEntries.ShouldBe([13L]);
    }

    [Fact]
    public void lines_with_two_sides_or_a_negative_amount_are_malformed()
    {
        StagedLineRow[] lines =
        [
            new(1, 1, null, new Money(5), new Money(5)),
            new(2, 1, null, new Money(-5), Money.Zero), new(2, 2, Fund.Tanahud, Money.Zero, new Money(-5)),
        ];

        var facts = Tally(Range, [Header(1, 5, 5), Header(2, -5, -5)], lines);

        facts.MalformedLines.ShouldBe(3);
        facts.UnbalancedEntries.ShouldBe(0);
        facts.HeaderLineMismatches.ShouldBe(0);
        facts.SampleBadEntries.ShouldBe([1L, 2L]);
    }

    [Fact]
    public void at_most_ten_bad_entries_are_sampled_each_once_in_order()
    {
        var headers = Enumerable.Range(1, 15).Select(je => Header(je, 10, 9)).ToArray();
        var lines = Enumerable.Range(1, 15).SelectMany(je => new[] { Dr(je, 10), Cr(je, 9) }).ToArray();

        var facts = Tally(Range, headers, lines);

        facts.UnbalancedEntries.ShouldBe(15);
        facts.SampleBadEntries.ShouldBe(Enumerable.Range(1, 10).Select(n => (long)n));
    }

    [Fact]
    public void an_entry_broken_several_ways_is_sampled_once()
    {
        var facts = Tally(new SequenceRange(1, 1), [Header(2, 1, 1)], [Dr(2, 10), Cr(2, 9)]);

        facts.OutOfRangeEntries.ShouldBe(1);
        facts.UnbalancedEntries.ShouldBe(1);
        facts.HeaderLineMismatches.ShouldBe(1);
        facts.SampleBadEntries.ShouldBe([2L]);
    }

    [Fact]
    public void partitions_add_up_and_the_extremes_span_them()
    {
        var a = Entry(5, 10);
        var b = Entry(6, 20);
        var c = Entry(1, 40);
        var tally = new StagingTally();

        tally.AddPartition(new SequenceRange(5, 6), [a.Header, b.Header], [.. a.Lines, .. b.Lines]);
        tally.AddPartition(new SequenceRange(1, 4), [c.Header], c.Lines);
        var facts = tally.Complete();

        ShouldBeClean(facts);
        facts.HeaderCount.ShouldBe(3);
        facts.LineCount.ShouldBe(6);
        facts.MinJeNumber.ShouldBe(1);
        facts.MaxJeNumber.ShouldBe(6);
        facts.TotalDebit.ShouldBe(new Money(70));
        facts.FundNetChange[Fund.Tabarru].ShouldBe(new Money(70));
    }

    [Fact]
    public void nothing_staged_gives_empty_facts()
    {
        var facts = new StagingTally().Complete();

        facts.HeaderCount.ShouldBe(0);
        facts.MinJeNumber.ShouldBeNull();
        facts.MaxJeNumber.ShouldBeNull();
        facts.TotalDebit.ShouldBe(Money.Zero);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    public void a_header_number_seen_again_or_out_of_order_is_counted_as_a_duplicate(long first, long second)
    {
        var tally = new StagingTally();

        tally.AddPartition(Range, [Header(first, 0, 0), Header(second, 0, 0)], []);

        var facts = tally.Complete();
        facts.DuplicateEntries.ShouldBe(1);
        facts.SampleBadEntries.ShouldContain(second);
    }
}
