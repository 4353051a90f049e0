using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Tests.Accounting;

public class AllocationRuleTests
{
    private static readonly AllocationRule FortyForty = new(4_000, 4_000, RoundingMode.HalfEven);

    /// <summary>The share in sen, computed in decimal major units as the spec states it.</summary>
    internal static long ExpectedShare(long premiumSen, int basisPoints, RoundingMode rounding)
    {
        var major = premiumSen / 100m;
        var mode = rounding == RoundingMode.HalfEven ? MidpointRounding.ToEven : MidpointRounding.AwayFromZero;
        return (long)(Math.Round(major * basisPoints / 10_000m, 2, mode) * 100m);
    }

    [Fact]
    public void a_round_premium_splits_40_40_20_exactly()
    {
        var split = FortyForty.Allocate(Money.Parse("1000000.00"));

        split.Tabarru.ShouldBe(Money.Parse("400000.00"));
        split.Tanahud.ShouldBe(Money.Parse("400000.00"));
        split.Ujroh.ShouldBe(Money.Parse("200000.00"));
    }

    [Fact]
    public void ujroh_basis_points_are_what_tabarru_and_tanahud_leave()
    {
        FortyForty.UjrohBasisPoints.ShouldBe(2_000);
        new AllocationRule(3_500, 4_250, RoundingMode.HalfUp).UjrohBasisPoints.ShouldBe(2_250);
    }

    [Theory]
    [InlineData(1, 0, 0, 1)] // 40% of 1 sen is 0.4 sen: both round down, Ujroh keeps the sen
    [InlineData(2, 1, 1, 0)] // 0.8 sen rounds up: Ujroh's 0.4 sen goes
    [InlineData(3, 1, 1, 1)] // 1.2 sen
    [InlineData(7, 3, 3, 1)] // 2.8 sen
    [InlineData(123_456_789, 49_382_716, 49_382_716, 24_691_357)] // 1,234,567.89: 493,827.156 -> .16
    [InlineData(50_000_001, 20_000_000, 20_000_000, 10_000_001)] // 500,000.01: 200,000.004 -> .00
    public void allocation_gives_ujroh_the_rounding_remainder(long premium, long tabarru, long tanahud, long ujroh)
    {
        var split = FortyForty.Allocate(new Money(premium));

        split.Tabarru.Minor.ShouldBe(tabarru);
        split.Tanahud.Minor.ShouldBe(tanahud);
        split.Ujroh.Minor.ShouldBe(ujroh);
    }

    [Fact]
    public void a_one_third_split_leaves_the_extra_sen_with_ujroh()
    {
        // 3333 bp of 1.00 is 0.3333 -> 0.33 each; Ujroh's 33.34% share takes the remaining 0.34.
        var split = new AllocationRule(3_333, 3_333, RoundingMode.HalfEven).Allocate(new Money(100));

        split.Tabarru.Minor.ShouldBe(33);
        split.Tanahud.Minor.ShouldBe(33);
        split.Ujroh.Minor.ShouldBe(34);
    }

    [Fact]
    public void parts_always_sum_to_the_premium_and_match_decimal_rounding_over_seeded_random_premiums()
    {
        var random = new Random(20_250_131);
        int[] rates = [0, 1_250, 2_500, 3_333, 3_750, 4_000, 4_500, 5_000, 6_667, 10_000];
        for (var i = 0; i < 20_000; i++)
        {
            var premium = (i % 4) switch
            {
                0 => random.NextInt64(1, 1_000),                                      // a few sen
                1 => (random.NextInt64(500_000, 5_000_001) * 100) + random.Next(1, 100), // rupiah with odd sen
                2 => random.NextInt64(1, Money.MaxLedgerAmount.Minor),                 // anything the ledger takes
                _ => (random.NextInt64(1, 1_000_000) * 2) + 1,                         // odd sen
            };
            var tabarruBp = rates[random.Next(rates.Length)];
            var tanahudChoices = rates.Where(r => r + tabarruBp <= 10_000).ToArray();
            var tanahudBp = tanahudChoices[random.Next(tanahudChoices.Length)];
            var rounding = random.Next(2) == 0 ? RoundingMode.HalfEven : RoundingMode.HalfUp;

            var split = new AllocationRule(tabarruBp, tanahudBp, rounding).Allocate(new Money(premium));

            var context = $"premium {premium} sen, {tabarruBp}/{tanahudBp} bp, {rounding}";
            ((Int128)split.Tabarru.Minor + split.Tanahud.Minor + split.Ujroh.Minor).ShouldBe((Int128)premium, context);
            split.Tabarru.Minor.ShouldBe(ExpectedShare(premium, tabarruBp, rounding), context);
            split.Tanahud.Minor.ShouldBe(ExpectedShare(premium, tanahudBp, rounding), context);
            split.Ujroh.Minor.ShouldBe(premium - ExpectedShare(premium, tabarruBp, rounding) - ExpectedShare(premium, tanahudBp, rounding), context);
        }
    }

    [Fact]
    public void the_default_forty_percent_split_matches_decimal_half_even_rounding_for_every_sen_up_to_ten_thousand()
    {
        for (long premium = 1; premium <= 10_000; premium++)
        {
            var split = FortyForty.Allocate(new Money(premium));
            split.Tabarru.Minor.ShouldBe(ExpectedShare(premium, 4_000, RoundingMode.HalfEven), $"premium {premium}");
            split.Total.Minor.ShouldBe(premium);
        }
    }

    [Fact]
    public void a_share_of_the_largest_amount_does_not_overflow()
    {
        var share = AllocationRule.Share(new Money(long.MaxValue), 4_000, RoundingMode.HalfEven);

        // 9,223,372,036,854,775,807 x 0.4 = 3,689,348,814,741,910,322.8 -> ...323
        share.Minor.ShouldBe(3_689_348_814_741_910_323);
        AllocationRule.Share(new Money(long.MaxValue), 10_000, RoundingMode.HalfUp).Minor.ShouldBe(long.MaxValue);
        AllocationRule.Share(new Money(long.MinValue), 10_000, RoundingMode.HalfUp).Minor.ShouldBe(long.MinValue);
    }

    [Fact]
    public void zero_basis_points_take_nothing_and_the_whole_takes_everything()
    {
        AllocationRule.Share(new Money(12_345), 0, RoundingMode.HalfUp).ShouldBe(Money.Zero);
        AllocationRule.Share(new Money(12_345), 10_000, RoundingMode.HalfEven).ShouldBe(new Money(12_345));
    }
}
