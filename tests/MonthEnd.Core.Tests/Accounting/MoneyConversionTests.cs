using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Tests.Accounting;

public class MoneyConversionTests
{
    [Theory]
    [InlineData("400000.00", 40_000_000)]
    [InlineData("12.34", 1_234)]
    [InlineData("12.3400", 1_234)]
    [InlineData("-0.01", -1)]
    [InlineData("0", 0)]
    public void from_decimal_converts_whole_sen_exactly(string major, long expectedSen)
    {
        Money.FromDecimal(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture)).Minor.ShouldBe(expectedSen);
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("1.005")]
    [InlineData("-0.005")]
    [InlineData("400000.009")]
    public void from_decimal_refuses_fractions_of_a_sen(string major)
    {
        Should.Throw<ArgumentException>(() => Money.FromDecimal(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void from_decimal_refuses_amounts_beyond_the_range_of_sen()
    {
        Should.Throw<OverflowException>(() => Money.FromDecimal(100_000_000_000_000_000m));
    }

    [Theory]
    [InlineData("400000.00", 40_000_000)]
    [InlineData("400000", 40_000_000)]
    [InlineData("0.07", 7)]
    [InlineData("-12.5", -1_250)]
    [InlineData("1234567.89", 123_456_789)]
    public void parse_reads_invariant_amounts_with_or_without_decimals(string text, long expectedSen)
    {
        Money.Parse(text).Minor.ShouldBe(expectedSen);
    }

    [Theory]
    [InlineData("1,000.00")]
    [InlineData(" 1.00")]
    [InlineData("1.00 ")]
    [InlineData("1e5")]
    [InlineData("Rp 1.00")]
    [InlineData("")]
    public void parse_refuses_grouping_spaces_exponents_and_symbols(string text)
    {
        Should.Throw<FormatException>(() => Money.Parse(text));
    }

    [Fact]
    public void parse_refuses_fractions_of_a_sen()
    {
        Should.Throw<ArgumentException>(() => Money.Parse("10.001"));
    }

    [Theory]
    [InlineData(40_000_000, "400000.00")]
    [InlineData(123_456_789, "1234567.89")]
    [InlineData(7, "0.07")]
    [InlineData(0, "0.00")]
    [InlineData(-5, "-0.05")]
    [InlineData(-123_456_789, "-1234567.89")]
    public void plain_string_has_two_decimals_and_no_grouping(long sen, string expected)
    {
        new Money(sen).ToPlainString().ShouldBe(expected);
    }

    [Theory]
    [InlineData(40_000_000, "400,000.00")]
    [InlineData(123_456_789, "1,234,567.89")]
    [InlineData(99_999, "999.99")]
    [InlineData(7, "0.07")]
    [InlineData(0, "0.00")]
    [InlineData(-123_456_789, "-1,234,567.89")]
    public void to_string_groups_thousands_for_people(long sen, string expected)
    {
        new Money(sen).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(123_456_789)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void plain_string_parses_back_to_the_same_amount(long sen)
    {
        Money.Parse(new Money(sen).ToPlainString()).Minor.ShouldBe(sen);
    }
}
