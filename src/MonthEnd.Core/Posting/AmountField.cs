namespace MonthEnd.Core.Posting;

/// <summary>The source column a template line takes its amount from.</summary>
public enum AmountField
{
    PremiumAmount,
    FundTabarru,
    FundTanahud,
    FundUjroh,
    ClaimAmount,
}

public static class AmountFields
{
    public static string Code(this AmountField field) => field switch
    {
        AmountField.PremiumAmount => "PREMIUM_AMOUNT",
        AmountField.FundTabarru => "FUND_TABARRU",
        AmountField.FundTanahud => "FUND_TANAHUD",
        AmountField.FundUjroh => "FUND_UJROH",
        AmountField.ClaimAmount => "CLAIM_AMOUNT",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public static bool TryParse(string? code, out AmountField field)
    {
        foreach (var candidate in Enum.GetValues<AmountField>())
        {
            if (candidate.Code() == code)
            {
                field = candidate;
                return true;
            }
        }

        field = default;
        return false;
    }

    public static SourceKind Source(this AmountField field) =>
        field == AmountField.ClaimAmount ? SourceKind.Claim : SourceKind.Premium;
}
