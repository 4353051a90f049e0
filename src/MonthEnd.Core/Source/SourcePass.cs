using MonthEnd.Core.Rules;

namespace MonthEnd.Core.Source;

/// <summary>Feeds a period's premiums, then its claims, through one <see cref="SourceScan"/>.</summary>
public static class SourcePass
{
    public static async Task<SourceScanResult> ScanAsync(
        IAsyncEnumerable<PremiumRecord> premiums,
        IAsyncEnumerable<ClaimRecord> claims,
        RuleSet rules,
        long premiumSliceSize = long.MaxValue,
        long claimSliceSize = long.MaxValue,
        Action<SourceViolation>? onViolation = null,
        long? firstJeNumber = null,
        CancellationToken ct = default)
    {
        using var scan = new SourceScan(rules, premiumSliceSize, claimSliceSize, onViolation, firstJeNumber);
        await foreach (var premium in premiums.WithCancellation(ct))
        {
            scan.Add(premium);
        }

        await foreach (var claim in claims.WithCancellation(ct))
        {
            scan.Add(claim);
        }

        return scan.Complete();
    }

    public static SourceScanResult Scan(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims, RuleSet rules)
    {
        using var scan = new SourceScan(rules);
        foreach (var premium in premiums)
        {
            scan.Add(premium);
        }

        foreach (var claim in claims)
        {
            scan.Add(claim);
        }

        return scan.Complete();
    }
}
