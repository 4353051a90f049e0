using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Tests.Accounting;

/// <summary>
/// HALF_EVEN against HALF_UP on exact ties. 40% of a whole number of sen is always a multiple of
/// 0.2 sen, so it can never land on half a sen: ties are exercised with 50%, 25% and 12.5%.
/// </summary>
public class AllocationRoundingTests
{
    [Theory]
    [InlineData(5_000, 1, 0, 1)]   // 0.5 sen
    [InlineData(5_000, 3, 2, 2)]   // 1.5 sen
    [InlineData(5_000, 5, 2, 3)]   // 2.5 sen
    [InlineData(5_000, 7, 4, 4)]   // 3.5 sen
    [InlineData(5_000, 100_000_001, 50_000_000, 50_000_001)] // 500,000.005
    [InlineData(2_500, 2, 0, 1)]   // 0.5 sen
    [InlineData(2_500, 6, 2, 2)]   // 1.5 sen
    [InlineData(2_500, 10, 2, 3)]  // 2.5 sen
    [InlineData(1_250, 4, 0, 1)]   // 0.5 sen
    [InlineData(1_250, 20, 2, 3)]  // 2.5 sen
    [InlineData(1_250, 28, 4, 4)]  // 3.5 sen
    public void a_share_on_exactly_half_a_sen_rounds_to_even_under_half_even_and_away_from_zero_under_half_up(
        int basisPoints, long premium, long halfEven, long halfUp)
    {
        AllocationRule.Share(new Money(premium), basisPoints, RoundingMode.HalfEven).Minor.ShouldBe(halfEven);
        AllocationRule.Share(new Money(premium), basisPoints, RoundingMode.HalfUp).Minor.ShouldBe(halfUp);
    }

    [Theory]
    [InlineData(5_000, 1, 0, -1)]
    [InlineData(5_000, 3, -2, -2)]
    [InlineData(5_000, 5, -2, -3)]
    [InlineData(2_500, 10, -2, -3)]
    public void a_negative_share_on_a_tie_rounds_symmetrically(int basisPoints, long premium, long halfEven, long halfUp)
    {
        AllocationRule.Share(new Money(-premium), basisPoints, RoundingMode.HalfEven).Minor.ShouldBe(halfEven);
        AllocationRule.Share(new Money(-premium), basisPoints, RoundingMode.HalfUp).Minor.ShouldBe(halfUp);
    }

    [Fact]
    public void rounding_of_negative_amounts_mirrors_positive_amounts_and_decimal_rounding()
    {
        int[] rates = [1_250, 2_500, 3_333, 4_000, 5_000, 7_777];
        foreach (var rounding in new[] { RoundingMode.HalfEven, RoundingMode.HalfUp })
        {
            foreach (var rate in rates)
            {
                for (long premium = 1; premium <= 2_000; premium++)
                {
                    var positive = AllocationRule.Share(new Money(premium), rate, rounding);
                    var negative = AllocationRule.Share(new Money(-premium), rate, rounding);
                    var context = $"{premium} sen at {rate} bp, {rounding}";
                    negative.ShouldBe(-positive, context);
                    negative.Minor.ShouldBe(AllocationRuleTests.ExpectedShare(-premium, rate, rounding), context);
                }
            }
        }
    }

    [Fact]
    public void forty_percent_of_whole_sen_never_ties_so_both_modes_agree()
    {
        for (long premium = -5_000; premium <= 5_000; premium++)
        {
            AllocationRule.Share(new Money(premium), 4_000, RoundingMode.HalfUp)
                .ShouldBe(AllocationRule.Share(new Money(premium), 4_000, RoundingMode.HalfEven), $"premium {premium}");
        }
    }

    [Fact]
    public void the_rounding_mode_decides_how_much_ujroh_keeps_on_a_tie()
    {
        // 5 sen at 50% / 25%: Tabarru 2.5 sen, Tanahud 1.25 sen.
        var even = new AllocationRule(5_000, 2_500, RoundingMode.HalfEven).Allocate(new Money(5));
        var up = new AllocationRule(5_000, 2_500, RoundingMode.HalfUp).Allocate(new Money(5));

        even.ShouldBe(new FundAllocation(new Money(2), new Money(1), new Money(2)));
        up.ShouldBe(new FundAllocation(new Money(3), new Money(1), new Money(1)));
    }
}
