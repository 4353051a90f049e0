using System.Text;
using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Tests.TestSupport;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Tests.Validation;

public class EntryContentTests
{
    private static readonly SequenceRange Range = new(101, 200);

    private static JournalEntry[] PostedPremium(long txnId, long premiumSen, long offset = 0)
    {
        var entries = new List<JournalEntry>();
        new PostingEngine(TestData.Rules).PostPremium(TestData.PostablePremium(txnId, premiumSen), offset, Range, entries);
        return [.. entries];
    }

    private static UInt128 HeaderHash(
        long number = 101, int day = 5, string type = "PREMIUM_JE", string referenceType = "PREMIUM", long referenceId = 7, string template = "PREM-TBR",
        string? description = "d", long debit = 100, long credit = 100) =>
        EntryContent.Header(number, new DateOnly(2025, 1, day), type, referenceType, referenceId, template, description, new Money(debit), new Money(credit));

    private static UInt128 LineHash(
        long number = 101, short line = 1, string account = "1101", Fund? fund = null, long debit = 100, long credit = 0, string? description = "m") =>
        EntryContent.Line(number, line, account, fund, new Money(debit), new Money(credit), description);

    [Fact]
    public void every_header_column_moves_the_header_hash()
    {
        var baseline = HeaderHash();
        UInt128[] changed =
        [
            HeaderHash(number: 102), HeaderHash(day: 6), HeaderHash(type: "CLAIM_JE"), HeaderHash(referenceType: "CLAIM"), HeaderHash(referenceId: 8),
            HeaderHash(template: "PREM-TNH"), HeaderHash(description: null), HeaderHash(description: ""), HeaderHash(debit: 101), HeaderHash(credit: 101),
        ];

        changed.ShouldAllBe(h => h != baseline);
        changed.Distinct().Count().ShouldBe(changed.Length);
    }

    [Fact]
    public void every_line_column_moves_the_line_hash()
    {
        var baseline = LineHash();
        UInt128[] changed =
        [
            LineHash(number: 102), LineHash(line: 2), LineHash(account: "1102"), LineHash(fund: Fund.Tabarru), LineHash(debit: 0, credit: 100),
            LineHash(debit: 99), LineHash(description: null), LineHash(description: "n"),
        ];

        changed.ShouldAllBe(h => h != baseline);
        changed.Distinct().Count().ShouldBe(changed.Length);
    }

    [Theory]
    [InlineData("PREM-TBR")]
    [InlineData("")]
    [InlineData("Kontribusi Tabarru' — peserta ñ 日本")]
    [InlineData("a description longer than sixty-four bytes, so that it is written as its own hash instead")]
    public void texts_hash_alike_as_strings_and_as_the_utf8_bytes_a_store_reads(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var day = new DateOnly(2025, 1, 31);

        EntryContent.Header(9, day, "T", "PREMIUM", 3, text, text, new Money(5), new Money(5))
            .ShouldBe(EntryContent.Header(9, day, "T"u8, "PREMIUM"u8, 3, bytes, bytes, descriptionIsNull: false, new Money(5), new Money(5)));
        EntryContent.Line(9, 2, text, Fund.Ujroh, new Money(5), Money.Zero, text)
            .ShouldBe(EntryContent.Line(9, 2, bytes, Fund.Ujroh, new Money(5), Money.Zero, bytes, descriptionIsNull: false));
        EntryContent.Line(9, 2, text, null, new Money(5), Money.Zero, null)
            .ShouldBe(EntryContent.Line(9, 2, bytes, null, new Money(5), Money.Zero, default, descriptionIsNull: true));
    }

    [Fact]
    public void a_premiums_content_as_the_preflight_derives_it_equals_its_posted_entries()
    {
        var txn = TestData.PostablePremium(42, 123_456_789);
        var entries = PostedPremium(42, 123_456_789, offset: 3);

        var derived = new PostingEngine(TestData.Rules).ContentOf(txn, Range.At(9));

        entries.Length.ShouldBe(3);
        derived.ShouldBe(entries.Aggregate(ContentDigest.Empty, (sum, e) => sum.Add(EntryContent.Of(e))));
    }

    [Theory]
    [InlineData("DEATH")]
    [InlineData("TANAHUD_REFUND")]
    public void a_claims_content_as_the_preflight_derives_it_equals_its_posted_entry(string claimType)
    {
        var txn = TestData.PostableClaim(8, 98_765_43, claimType);
        var engine = new PostingEngine(TestData.Rules);

        engine.ContentOf(txn, 150).ShouldBe(EntryContent.Of(engine.PostClaim(txn, 49, Range)));
    }

    [Fact]
    public void amounts_swapped_between_two_entries_change_the_digest_though_every_total_agrees()
    {
        var a = PostedPremium(1, 100_000_000);
        var b = PostedPremium(2, 200_000_000, offset: 1);
        var honest = Digest(TestData.StagedHeaders([.. a, .. b]), TestData.StagedLines([.. a, .. b]));
        var lines = TestData.StagedLines([.. a, .. b]).ToList();
        // The first entry's credit line and the fourth's trade amounts (and headers follow), as a hand edit would.
        var (first, fourth) = (lines.FindIndex(l => l.JeNumber == 101 && l.Credit.IsPositive), lines.FindIndex(l => l.JeNumber == 104 && l.Credit.IsPositive));
        var swapped = Digest(TestData.StagedHeaders([.. a, .. b]), SwapCredits(lines, first, fourth));

        swapped.ShouldNotBe(honest);
    }

    [Fact]
    public void the_tally_adds_each_rows_content_under_the_partition_whose_range_holds_its_number()
    {
        var entries = PostedPremium(1, 100_000_000);
        var tally = new StagingTally([new PartitionDigestRange(1, new SequenceRange(101, 102)), new PartitionDigestRange(2, new SequenceRange(103, 200))]);

        tally.AddPartition(Range, TestData.StagedHeaders(entries), TestData.StagedLines(entries));
        var digests = tally.Complete().ContentDigests;

        digests.Keys.Order().ShouldBe([1, 2]);
        digests[1].ShouldBe(EntryContent.Of(entries[0]).Add(EntryContent.Of(entries[1])));
        digests[2].ShouldBe(EntryContent.Of(entries[2]));
    }

    [Fact]
    public void the_first_difference_names_the_entry_the_column_and_both_values()
    {
        var entries = PostedPremium(7, 100_000_000);
        var staged = entries.SelectMany(ContentRow.Of).ToList();
        var line = staged.First(r => r.JeNumber == 102 && r.LineNumber == 2);
        staged[staged.IndexOf(line)] = line with { Values = [.. line.Values.Select(v => v.Column == "account_code" ? (v.Column, "9999") : v)] };

        var difference = ContentComparison.FirstDifference(entries, staged);

        difference.ShouldBe("JE 102 line 2 (PREMIUM 7, template PREM-TNH): account_code is staged as '9999', the rules make '4201'");
    }

    [Fact]
    public void a_missing_row_and_a_row_the_rules_do_not_make_are_named()
    {
        var entries = PostedPremium(7, 100_000_000);
        var rows = entries.SelectMany(ContentRow.Of).ToList();

        ContentComparison.FirstDifference(entries, rows.Where(r => !(r.JeNumber == 103 && r.LineNumber == 1)))
            .ShouldBe("JE 103 line 1 is missing from staging (the rules make it from PREMIUM 7, template PREM-UJR)");
        ContentComparison.FirstDifference(entries, [.. rows, rows[^1] with { LineNumber = 3 }])
            .ShouldBe("JE 103 line 3 is staged, but the rules make no such row from this partition's source");
        ContentComparison.FirstDifference(entries, rows).ShouldBeNull();
    }

    [Fact]
    public void a_partition_posted_again_from_its_source_gives_what_its_worker_staged()
    {
        var premiums = new[] { TestData.Premium(5, 100_000_000), TestData.Premium(6, 100_000_000, status: "PENDING"), TestData.Premium(9, 300_000_000) };
        var partition = Baseline.Partition(1, SourceKind.Premium, 5, 9, 0, 2, Range, null);
        var expected = PostedPremium(5, 100_000_000).Concat(PostedPremium(9, 300_000_000, offset: 1)).ToList();

        var posted = new PartitionPosting(TestData.Rules, partition).Entries([TestData.Premium(1), .. premiums, TestData.Premium(10)], []);

        posted.SelectMany(ContentRow.Of).Select(r => (r.JeNumber, r.LineNumber, string.Join("|", r.Values)))
            .ShouldBe(expected.SelectMany(ContentRow.Of).Select(r => (r.JeNumber, r.LineNumber, string.Join("|", r.Values))));
    }

    private static ContentDigest Digest(IEnumerable<StagedHeaderRow> headers, IEnumerable<StagedLineRow> lines)
    {
        var tally = new StagingTally([new PartitionDigestRange(1, Range)]);
        tally.AddPartition(Range, headers, lines);
        return tally.Complete().ContentDigests[1];
    }

    private static List<StagedLineRow> SwapCredits(List<StagedLineRow> lines, int i, int j)
    {
        var (a, b) = (lines[i], lines[j]);
        var copy = lines.ToList();
        copy[i] = a with { Credit = b.Credit, Content = LineContent(a.JeNumber, a.LineNumber, a.Fund, a.Debit, b.Credit) };
        copy[j] = b with { Credit = a.Credit, Content = LineContent(b.JeNumber, b.LineNumber, b.Fund, b.Debit, a.Credit) };
        return copy;
    }

    private static UInt128 LineContent(long je, short line, Fund? fund, Money debit, Money credit) =>
        EntryContent.Line(je, line, fund switch { Fund.Tabarru => "4101", Fund.Tanahud => "4201", _ => "4301" }, fund, debit, credit,
            TestData.Rules.PremiumTemplates.SelectMany(t => t.Lines).First(l => l.Fund == fund && l.LineNumber == line).Memo);
}
