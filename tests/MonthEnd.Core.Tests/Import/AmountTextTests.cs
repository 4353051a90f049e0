using MonthEnd.Core.Accounting;
using MonthEnd.Core.Import;

namespace MonthEnd.Core.Tests.Import;

public sealed class AmountTextTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("7", 700L)]
    [InlineData("1500000.5", 150_000_050L)]
    [InlineData("1500000.25", 150_000_025L)]
    [InlineData("-12.05", -1_205L)]
    [InlineData("0012.30", 1_230L)]
    [InlineData("92233720368547758.07", long.MaxValue)]
    public void an_amount_written_with_a_dot_and_up_to_two_decimals_reads_exactly_in_sen(string text, long sen)
    {
        AmountText.Read(text, out var amount).ShouldBe(AmountText.Outcome.Read);
        amount.ShouldBe(new Money(sen));
    }

    [Theory]
    [InlineData("1.001", AmountText.Outcome.TooManyDecimals)]
    [InlineData("0.000", AmountText.Outcome.TooManyDecimals)]
    [InlineData("1,000.00", AmountText.Outcome.NotAnAmount)]
    [InlineData("1 000", AmountText.Outcome.NotAnAmount)]
    [InlineData("+5", AmountText.Outcome.NotAnAmount)]
    [InlineData("1e5", AmountText.Outcome.NotAnAmount)]
    [InlineData(".5", AmountText.Outcome.NotAnAmount)]
    [InlineData("5.", AmountText.Outcome.NotAnAmount)]
    [InlineData("-", AmountText.Outcome.NotAnAmount)]
    [InlineData("1.2.3", AmountText.Outcome.NotAnAmount)]
    [InlineData(" 5", AmountText.Outcome.NotAnAmount)]
    [InlineData("٥", AmountText.Outcome.NotAnAmount)]
    [InlineData("NaN", AmountText.Outcome.NotAnAmount)]
    [InlineData("92233720368547758.08", AmountText.Outcome.NotAnAmount)]
    public void anything_else_is_refused(string text, AmountText.Outcome outcome) =>
        AmountText.Read(text, out _).ShouldBe(outcome);

    [Fact]
    public void what_generate_writes_reads_back_to_the_same_amount()
    {
        var random = new Random(12);
        long[] edges = [0, 1, -1, 99, 100, 101, -100, long.MaxValue, long.MinValue + 1];
        foreach (var minor in edges.Concat(Enumerable.Range(0, 5_000).Select(_ => random.NextInt64(long.MinValue + 1, long.MaxValue))))
        {
            AmountText.Read(AmountText.Write(new Money(minor)), out var read).ShouldBe(AmountText.Outcome.Read, $"{minor}");
            read.ShouldBe(new Money(minor));
        }
    }
}
