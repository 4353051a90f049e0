using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Tests.Accounting;

public class MoneyTotalTests
{
    [Fact]
    public void a_sum_past_64_bit_sen_is_kept_exactly_instead_of_overflowing()
    {
        var total = MoneyTotal.Zero;
        for (var i = 0; i < 12; i++)
        {
            total += Money.MaxLedgerAmount;
        }

        total.MinorUnits.ShouldBe((Int128)Money.MaxLedgerAmount.Minor * 12);
        (total.MinorUnits > long.MaxValue).ShouldBeTrue();
        total.FitsLedger.ShouldBeFalse();
        Should.Throw<OverflowException>(() => total.ToMoney());
    }

    [Fact]
    public void a_total_fits_the_ledger_up_to_its_largest_amount_either_side_of_zero()
    {
        ((MoneyTotal)Money.MaxLedgerAmount).FitsLedger.ShouldBeTrue();
        (MoneyTotal.Zero - Money.MaxLedgerAmount).FitsLedger.ShouldBeTrue();
        ((MoneyTotal)Money.MaxLedgerAmount + new Money(1)).FitsLedger.ShouldBeFalse();
        (MoneyTotal.Zero - Money.MaxLedgerAmount - new Money(1)).FitsLedger.ShouldBeFalse();
    }

    [Theory]
    [InlineData(0, "0.00", "0.00")]
    [InlineData(5, "0.05", "0.05")]
    [InlineData(-123_456_789, "-1,234,567.89", "-1234567.89")]
    [InlineData(long.MaxValue, "92,233,720,368,547,758.07", "92233720368547758.07")]
    public void it_reads_like_money(long sen, string text, string plain)
    {
        var total = (MoneyTotal)new Money(sen);
        total.ToString().ShouldBe(text);
        total.ToPlainString().ShouldBe(plain);
        total.ToString().ShouldBe(new Money(sen).ToString());
    }

    [Fact]
    public void beyond_64_bits_it_still_prints_exactly()
    {
        var total = (MoneyTotal)new Money(long.MaxValue) + new Money(long.MaxValue) + new Money(2);
        total.ToPlainString().ShouldBe("184467440737095516.16");
        total.ToString().ShouldBe("184,467,440,737,095,516.16");
        total.ToDecimal().ShouldBe(184_467_440_737_095_516.16m);
    }

    [Fact]
    public void fund_amounts_sum_per_fund_past_64_bits()
    {
        var amounts = new FundAmounts();
        amounts.Add(Fund.Tabarru, new Money(long.MaxValue));
        amounts.Add(Fund.Tabarru, new Money(long.MaxValue));
        amounts.Add(Fund.Ujroh, new Money(7));

        amounts[Fund.Tabarru].MinorUnits.ShouldBe((Int128)long.MaxValue * 2);
        amounts[Fund.Ujroh].ShouldBe((MoneyTotal)new Money(7));
        amounts.FitLedger.ShouldBeFalse();
    }
}
