using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Tests.Posting;

public class CodeTests
{
    [Theory]
    [InlineData(SourceKind.Premium, "PREMIUM")]
    [InlineData(SourceKind.Claim, "CLAIM")]
    public void source_kinds_have_their_reference_type_codes(SourceKind kind, string code)
    {
        kind.Code().ShouldBe(code);
        SourceKinds.Parse(code).ShouldBe(kind);
    }

    [Fact]
    public void an_unknown_source_kind_is_refused()
    {
        Should.Throw<FormatException>(() => SourceKinds.Parse("premium"));
    }

    [Theory]
    [InlineData(AmountField.PremiumAmount, "PREMIUM_AMOUNT", SourceKind.Premium)]
    [InlineData(AmountField.FundTabarru, "FUND_TABARRU", SourceKind.Premium)]
    [InlineData(AmountField.FundTanahud, "FUND_TANAHUD", SourceKind.Premium)]
    [InlineData(AmountField.FundUjroh, "FUND_UJROH", SourceKind.Premium)]
    [InlineData(AmountField.ClaimAmount, "CLAIM_AMOUNT", SourceKind.Claim)]
    public void amount_fields_have_their_codes_and_sources(AmountField field, string code, SourceKind source)
    {
        field.Code().ShouldBe(code);
        field.Source().ShouldBe(source);
        AmountFields.TryParse(code, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(field);
    }

    [Theory]
    [InlineData("premium_amount")]
    [InlineData("FUND")]
    [InlineData(null)]
    public void unknown_amount_fields_are_refused(string? code)
    {
        AmountFields.TryParse(code, out _).ShouldBeFalse();
    }
}
