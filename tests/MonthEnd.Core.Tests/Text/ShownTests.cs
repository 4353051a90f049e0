using MonthEnd.Core.Text;

namespace MonthEnd.Core.Tests.Text;

public sealed class ShownTests
{
    [Theory]
    [InlineData("2025-01", "'2025-01'")]
    [InlineData("a\nb", "'a\\u000Ab'")]
    [InlineData("\u001b[31mred", "'\\u001B[31mred'")]
    [InlineData("x\u202Eyz", "'x\\u202Eyz'")]
    [InlineData("'; DROP TABLE x; --", "''; DROP TABLE x; --'")]
    [InlineData("Bismillāh ٢٠٢٥", "'Bismillāh ٢٠٢٥'")]
    public void a_quoted_value_escapes_control_and_direction_characters_and_keeps_the_rest(string value, string expected) =>
        Shown.Quote(value).ShouldBe(expected);

    [Fact]
    public void a_long_value_is_cut_and_says_how_long_it_was()
    {
        var quoted = Shown.Quote(new string('9', 100_000));

        quoted.Length.ShouldBeLessThan(100);
        quoted.ShouldEndWith("… (100,000 characters)");
    }

    [Fact]
    public void no_value_reads_as_none() => Shown.Quote(null).ShouldBe("(none)");
}
