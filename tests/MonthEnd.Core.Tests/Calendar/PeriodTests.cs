using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Tests.Calendar;

public class PeriodTests
{
    [Theory]
    [InlineData("2025-01", 2025, 1)]
    [InlineData("2024-12", 2024, 12)]
    [InlineData("1999-10", 1999, 10)]
    [InlineData("2100-02", 2100, 2)]
    public void a_well_formed_period_parses_to_its_year_and_month(string text, int year, int month)
    {
        var period = Period.Parse(text);

        period.ShouldBe(new Period(year, month));
        period.ToString().ShouldBe(text);
        Period.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(new Period(year, month));
    }

    [Theory]
    [InlineData("2025-13")]
    [InlineData("2025-00")]
    [InlineData("2025-1")]
    [InlineData("25-01")]
    [InlineData("2025/01")]
    [InlineData("2025-01-01")]
    [InlineData(" 2025-01")]
    [InlineData("2025-01 ")]
    [InlineData("202501")]
    [InlineData("abcd-ef")]
    [InlineData("")]
    [InlineData(null)]
    public void a_malformed_period_is_refused(string? text)
    {
        Period.TryParse(text, out _).ShouldBeFalse();
        var error = Should.Throw<FormatException>(() => Period.Parse(text));
        error.Message.ShouldContain("YYYY-MM");
    }

    [Fact]
    public void a_period_with_a_trailing_newline_is_refused()
    {
        Period.TryParse("2025-01\n", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(2025, 1, "2025-01-01", "2025-01-31")]
    [InlineData(2025, 4, "2025-04-01", "2025-04-30")]
    [InlineData(2025, 2, "2025-02-01", "2025-02-28")]
    [InlineData(2024, 2, "2024-02-01", "2024-02-29")] // leap year
    [InlineData(2000, 2, "2000-02-01", "2000-02-29")] // divisible by 400: leap
    [InlineData(2100, 2, "2100-02-01", "2100-02-28")] // divisible by 100 only: not leap
    [InlineData(2025, 12, "2025-12-01", "2025-12-31")]
    public void start_and_end_are_the_first_and_last_day_of_the_month(int year, int month, string start, string end)
    {
        var period = new Period(year, month);

        period.Start.ShouldBe(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        period.End.ShouldBe(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void contains_only_days_of_its_own_month()
    {
        var period = new Period(2024, 2);

        period.Contains(new DateOnly(2024, 2, 1)).ShouldBeTrue();
        period.Contains(new DateOnly(2024, 2, 29)).ShouldBeTrue();
        period.Contains(new DateOnly(2024, 1, 31)).ShouldBeFalse();
        period.Contains(new DateOnly(2024, 3, 1)).ShouldBeFalse();
        period.Contains(new DateOnly(2025, 2, 15)).ShouldBeFalse();
    }

    [Fact]
    public void of_a_date_is_its_month()
    {
        Period.Of(new DateOnly(2024, 2, 29)).ShouldBe(new Period(2024, 2));
    }

    [Fact]
    public void to_string_pads_year_and_month()
    {
        new Period(987, 3).ToString().ShouldBe("0987-03");
    }
}
