using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Tests.Accounting;

public class FundsTests
{
    [Theory]
    [InlineData(Fund.Tabarru, "TABARRU")]
    [InlineData(Fund.Tanahud, "TANAHUD")]
    [InlineData(Fund.Ujroh, "UJROH")]
    public void each_fund_has_its_ledger_code_and_parses_back(Fund fund, string code)
    {
        fund.Code().ShouldBe(code);
        Funds.Parse(code).ShouldBe(fund);
        Funds.TryParse(code, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(fund);
    }

    [Fact]
    public void all_lists_the_three_funds_in_order()
    {
        Funds.All.ShouldBe([Fund.Tabarru, Fund.Tanahud, Fund.Ujroh]);
    }

    [Theory]
    [InlineData("tabarru")]
    [InlineData("Tabarru")]
    [InlineData("TABARU")]
    [InlineData(" UJROH")]
    [InlineData("")]
    [InlineData(null)]
    public void unknown_fund_codes_are_refused(string? code)
    {
        Funds.TryParse(code, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => Funds.Parse(code!));
    }

    [Fact]
    public void an_undefined_fund_has_no_code()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ((Fund)99).Code());
    }

    [Fact]
    public void fund_amounts_keep_one_amount_per_fund()
    {
        var amounts = FundAmounts.Of(new Money(100), new Money(200), new Money(300));
        amounts.Add(Fund.Tanahud, new Money(-50));
        amounts.Add(Fund.Ujroh, new Money(1));

        amounts[Fund.Tabarru].ShouldBe(new Money(100));
        amounts[Fund.Tanahud].ShouldBe(new Money(150));
        amounts[Fund.Ujroh].ShouldBe(new Money(301));
    }

    [Fact]
    public void new_fund_amounts_start_at_zero()
    {
        var amounts = new FundAmounts();
        foreach (var fund in Funds.All)
        {
            amounts[fund].ShouldBe(Money.Zero);
        }
    }

    [Fact]
    public void fund_amounts_read_with_fund_codes()
    {
        FundAmounts.Of(new Money(100), new Money(123_456), new Money(-7)).ToString()
            .ShouldBe("TABARRU 1.00, TANAHUD 1,234.56, UJROH -0.07");
    }

    [Fact]
    public void fund_allocation_gives_each_part_by_fund_and_their_total()
    {
        var allocation = new FundAllocation(new Money(40), new Money(41), new Money(19));
        allocation.Of(Fund.Tabarru).ShouldBe(new Money(40));
        allocation.Of(Fund.Tanahud).ShouldBe(new Money(41));
        allocation.Of(Fund.Ujroh).ShouldBe(new Money(19));
        allocation.Total.ShouldBe(new Money(100));
    }
}
