using MonthEnd.Core.Accounting;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Source;
using MonthEnd.Core.Tests.TestSupport;

namespace MonthEnd.Core.Tests.Source;

public class SourceScanTests
{
    [Fact]
    public void a_clean_source_is_valid_with_its_counts_and_line_count()
    {
        var result = TestData.Scan(
            [TestData.Premium(1), TestData.Premium(2), TestData.Premium(3, status: "CANCELLED")],
            [TestData.Claim(1), TestData.Claim(2, status: "SUBMITTED"), TestData.Claim(3, claimType: "TANAHUD_REFUND")]);

        result.IsValid.ShouldBeTrue();
        result.ViolationCount.ShouldBe(0);
        result.FirstViolations.ShouldBeEmpty();
        result.Totals.PremiumCount.ShouldBe(2);
        result.Totals.ClaimCount.ShouldBe(2);
        result.SkippedPremiums.ShouldBe(1);
        result.SkippedClaims.ShouldBe(1);
        result.ExpectedLineCount.ShouldBe((2 * 3 * 2) + (2 * 2)); // 3 entries of 2 lines per premium, 1 of 2 per claim
    }

    [Fact]
    public void totals_add_up_the_posted_premiums_claims_and_each_funds_expected_net_change()
    {
        // Premiums 1,000,000.00 (400,000.00/400,000.00/200,000.00) and 1,234,567.89 (493,827.16/493,827.16/246,913.57);
        // claims DEATH 5,000,000.00 and HOSPITAL 0.07 on Tabarru, TANAHUD_REFUND 300,000.00 on Tanahud.
        var result = TestData.Scan(
            [TestData.Premium(1, 100_000_000), TestData.Premium(2, 123_456_789), TestData.Premium(3, 999_999, "PENDING")],
            [TestData.Claim(1, 500_000_000), TestData.Claim(2, 7, "HOSPITAL"), TestData.Claim(3, 30_000_000, "TANAHUD_REFUND")]);

        var totals = result.Totals;
        totals.PremiumTotal.ShouldBe(new Money(223_456_789));
        totals.ClaimTotal.ShouldBe(new Money(530_000_007));
        totals.Allocations[Fund.Tabarru].ShouldBe(new Money(89_382_716));
        totals.Allocations[Fund.Tanahud].ShouldBe(new Money(89_382_716));
        totals.Allocations[Fund.Ujroh].ShouldBe(new Money(44_691_357));
        totals.ClaimsBorne[Fund.Tabarru].ShouldBe(new Money(500_000_007));
        totals.ClaimsBorne[Fund.Tanahud].ShouldBe(new Money(30_000_000));
        totals.ClaimsBorne[Fund.Ujroh].ShouldBe(Money.Zero);
        totals.ExpectedNetChange(Fund.Tabarru).ShouldBe(new Money(-410_617_291));
        totals.ExpectedNetChange(Fund.Tanahud).ShouldBe(new Money(59_382_716));
        totals.ExpectedNetChange(Fund.Ujroh).ShouldBe(new Money(44_691_357));
    }

    [Fact]
    public void a_duplicate_premium_id_is_flagged_id_unique()
    {
        var result = TestData.Scan([TestData.Premium(1), TestData.Premium(2), TestData.Premium(2)], []);

        result.IsValid.ShouldBeFalse();
        var violation = result.FirstViolations.ShouldHaveSingleItem();
        violation.Rule.ShouldBe("ID_UNIQUE");
        violation.Record.ShouldBe("premium txn_id 2");
        violation.Kind.ShouldBe(SourceKind.Premium);
    }

    [Fact]
    public void a_duplicate_claim_id_is_flagged_id_unique_even_in_a_skipped_status()
    {
        var result = TestData.Scan([], [TestData.Claim(5), TestData.Claim(5, status: "REJECTED")]);

        result.ViolationCount.ShouldBe(1);
        result.FirstViolations[0].Rule.ShouldBe("ID_UNIQUE");
        result.FirstViolations[0].Record.ShouldBe("claim claim_id 5");
    }

    [Fact]
    public void premiums_out_of_id_order_throw()
    {
        Should.Throw<InvalidOperationException>(() => TestData.Scan([TestData.Premium(2), TestData.Premium(1)], []));
    }

    [Fact]
    public void claims_out_of_id_order_throw()
    {
        Should.Throw<InvalidOperationException>(() => TestData.Scan([], [TestData.Claim(9), TestData.Claim(8)]));
    }

    [Fact]
    public void a_premium_after_the_claims_have_started_throws()
    {
        using var scan = new SourceScan(TestData.Rules);
        scan.Add(TestData.Premium(1));
        scan.Add(TestData.Claim(1));

        Should.Throw<InvalidOperationException>(() => scan.Add(TestData.Premium(2)));
    }

    [Fact]
    public void invalid_records_are_counted_but_not_posted()
    {
        var result = TestData.Scan(
            [TestData.Premium(1), TestData.Premium(2) with { ProductCode = "NOPE" }],
            [TestData.Claim(1, 0)]);

        result.IsValid.ShouldBeFalse();
        result.ViolationCount.ShouldBe(2);
        result.FirstViolations.Select(v => v.Rule).ShouldBe(["PRODUCT_KNOWN", "AMOUNT_POSITIVE"]);
        result.Totals.PremiumCount.ShouldBe(1);
        result.Totals.ClaimCount.ShouldBe(0);
    }

    [Fact]
    public void slices_are_cut_at_the_slice_size_with_contiguous_positions()
    {
        // Posted premiums 10..100 step 10, with skipped rows between that take no position.
        var premiums = new List<PremiumRecord>();
        for (var id = 10; id <= 100; id += 10)
        {
            premiums.Add(TestData.Premium(id));
            if (id is 20 or 70)
            {
                premiums.Add(TestData.Premium(id + 5, status: "PENDING"));
            }
        }

        var claims = Enumerable.Range(1, 7).Select(id => TestData.Claim(id)).ToList();

        var result = TestData.Scan(premiums, claims, premiumSliceSize: 4, claimSliceSize: 3);

        result.Slices.ShouldBe(
        [
            new SourceSlice(SourceKind.Premium, 10, 40, 0, 4, LineCount: 24),
            new SourceSlice(SourceKind.Premium, 50, 80, 4, 4, LineCount: 24),
            new SourceSlice(SourceKind.Premium, 90, 100, 8, 2, LineCount: 12),
            new SourceSlice(SourceKind.Claim, 1, 3, 0, 3, LineCount: 6),
            new SourceSlice(SourceKind.Claim, 4, 6, 3, 3, LineCount: 6),
            new SourceSlice(SourceKind.Claim, 7, 7, 6, 1, LineCount: 2),
        ]);
    }

    [Fact]
    public void slices_cover_every_posted_record_once_for_many_sizes()
    {
        var premiums = Enumerable.Range(1, 37).Select(id => TestData.Premium(id, status: id % 5 == 0 ? "FAILED" : "PAID")).ToList();
        var claims = Enumerable.Range(1, 23).Select(id => TestData.Claim(id)).ToList();

        foreach (var size in new long[] { 1, 2, 3, 7, 29, 30, 31, 1_000 })
        {
            var result = TestData.Scan(premiums, claims, size, size);
            foreach (var kind in new[] { SourceKind.Premium, SourceKind.Claim })
            {
                var slices = result.Slices.Where(s => s.Kind == kind).ToList();
                var expectedCount = kind == SourceKind.Premium ? 30 : 23;
                slices.Sum(s => s.Count).ShouldBe(expectedCount, $"size {size}");
                slices.ShouldAllBe(s => s.Count >= 1 && s.Count <= size);
                slices[0].FirstPosition.ShouldBe(0);
                for (var i = 1; i < slices.Count; i++)
                {
                    slices[i].FirstPosition.ShouldBe(slices[i - 1].FirstPosition + slices[i - 1].Count, $"size {size}");
                    slices[i].FirstId.ShouldBeGreaterThan(slices[i - 1].LastId);
                }
            }
        }
    }

    [Fact]
    public void a_source_with_nothing_posted_has_no_slices()
    {
        var result = TestData.Scan([TestData.Premium(1, status: "PENDING")], [], 10, 10);

        result.Slices.ShouldBeEmpty();
        result.Totals.PremiumCount.ShouldBe(0);
        result.ExpectedLineCount.ShouldBe(0);
    }

    [Fact]
    public void the_violations_callback_sees_every_violation_while_the_result_keeps_the_first_thousand()
    {
        var seen = new List<SourceViolation>();
        var premiums = Enumerable.Range(1, 1_005).Select(id => TestData.Premium(id, status: "WEIRD"));

        var result = TestData.Scan(premiums, [TestData.Claim(1, -5)], onViolation: seen.Add);

        seen.Count.ShouldBe(1_006);
        seen.Take(1_005).Select(v => v.Record).ShouldBe(Enumerable.Range(1, 1_005).Select(id => $"premium txn_id {id}"));
        seen[^1].Rule.ShouldBe("AMOUNT_POSITIVE");
        result.ViolationCount.ShouldBe(1_006);
        result.FirstViolations.Count.ShouldBe(SourceScanResult.KeptViolations);
        result.FirstViolations.ShouldBe(seen.Take(SourceScanResult.KeptViolations));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void slice_sizes_below_one_are_refused(long premiumSize, long claimSize)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new SourceScan(TestData.Rules, premiumSize, claimSize));
    }

    [Fact]
    public async Task the_async_pass_reads_premiums_then_claims_into_slices()
    {
        var violations = new List<SourceViolation>();

        var result = await SourcePass.ScanAsync(
            Async(Enumerable.Range(1, 5).Select(id => TestData.Premium(id)).Append(TestData.Premium(6, status: "BAD"))),
            Async(Enumerable.Range(1, 3).Select(id => TestData.Claim(id))),
            TestData.Rules,
            premiumSliceSize: 2,
            claimSliceSize: 2,
            onViolation: violations.Add);

        result.Totals.PremiumCount.ShouldBe(5);
        result.Totals.ClaimCount.ShouldBe(3);
        result.Slices.Select(s => (s.Kind, s.Count)).ShouldBe(
            [(SourceKind.Premium, 2L), (SourceKind.Premium, 2L), (SourceKind.Premium, 1L), (SourceKind.Claim, 2L), (SourceKind.Claim, 1L)]);
        violations.ShouldHaveSingleItem().Rule.ShouldBe("STATUS_KNOWN");
    }

    [Fact]
    public void the_simple_pass_gives_the_same_result_as_a_scan()
    {
        PremiumRecord[] premiums = [TestData.Premium(1), TestData.Premium(2, 7)];
        ClaimRecord[] claims = [TestData.Claim(3)];

        var pass = SourcePass.Scan(premiums, claims, TestData.Rules);

        pass.Checksum.ShouldBe(TestData.Scan(premiums, claims).Checksum);
        pass.Totals.PremiumTotal.ShouldBe(new Money(100_000_007));
        pass.Slices.Count.ShouldBe(2);
    }

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
