using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Tests.Accounting;

public class MoneyArithmeticTests
{
    [Fact]
    public void adding_past_the_largest_amount_throws_instead_of_wrapping()
    {
        Should.Throw<OverflowException>(() => new Money(long.MaxValue) + new Money(1));
        Should.Throw<OverflowException>(() => new Money(long.MaxValue).Add(new Money(1)));
    }

    [Fact]
    public void subtracting_past_the_smallest_amount_throws_instead_of_wrapping()
    {
        Should.Throw<OverflowException>(() => new Money(long.MinValue) - new Money(1));
        Should.Throw<OverflowException>(() => new Money(long.MinValue).Subtract(new Money(1)));
    }

    [Fact]
    public void negating_the_smallest_amount_throws()
    {
        Should.Throw<OverflowException>(() => -new Money(long.MinValue));
        Should.Throw<OverflowException>(() => new Money(long.MinValue).Negate());
    }

    [Fact]
    public void multiplying_past_the_largest_amount_throws()
    {
        Should.Throw<OverflowException>(() => new Money((long.MaxValue / 3) + 1) * 3);
        Should.Throw<OverflowException>(() => new Money(long.MaxValue).Multiply(2));
    }

    [Fact]
    public void arithmetic_is_exact_in_sen()
    {
        var a = new Money(123_456_789);
        var b = new Money(-987);
        (a + b).Minor.ShouldBe(123_455_802);
        (a - b).Minor.ShouldBe(123_457_776);
        (-a).Minor.ShouldBe(-123_456_789);
        (b * 4).Minor.ShouldBe(-3_948);
    }

    [Fact]
    public void ten_sen_added_a_thousand_times_is_exactly_one_hundred_rupiah()
    {
        var total = Money.Zero;
        for (var i = 0; i < 1_000; i++)
        {
            total += Money.FromDecimal(0.10m);
        }

        total.ShouldBe(Money.FromDecimal(100m));
        total.Minor.ShouldBe(10_000);
    }

    [Fact]
    public void comparisons_follow_the_amount_in_sen()
    {
        var small = new Money(-5);
        var large = new Money(7);
        (small < large).ShouldBeTrue();
        (large > small).ShouldBeTrue();
        (small <= new Money(-5)).ShouldBeTrue();
        (large >= new Money(8)).ShouldBeFalse();
        small.CompareTo(large).ShouldBeLessThan(0);
        large.CompareTo(small).ShouldBeGreaterThan(0);
        large.CompareTo(new Money(7)).ShouldBe(0);
    }

    [Fact]
    public void sign_properties_follow_the_amount()
    {
        Money.Zero.IsZero.ShouldBeTrue();
        Money.Zero.IsPositive.ShouldBeFalse();
        Money.Zero.IsNegative.ShouldBeFalse();
        new Money(1).IsPositive.ShouldBeTrue();
        new Money(-1).IsNegative.ShouldBeTrue();
        Money.FromMinor(42).ShouldBe(new Money(42));
    }

    [Fact]
    public void to_decimal_is_the_amount_in_major_units()
    {
        new Money(40_000_000).ToDecimal().ShouldBe(400_000.00m);
        new Money(-1).ToDecimal().ShouldBe(-0.01m);
        new Money(long.MaxValue).ToDecimal().ShouldBe(92_233_720_368_547_758.07m);
    }

    [Fact]
    public void max_ledger_amount_is_the_largest_value_numeric_18_2_can_hold()
    {
        // NUMERIC(precision 18, scale 2): at most 18 significant digits, 2 of them after the point.
        var largest = (decimal)Math.Pow(10, 18 - 2) - 0.01m;
        Money.MaxLedgerAmount.ToDecimal().ShouldBe(largest);
    }
}
