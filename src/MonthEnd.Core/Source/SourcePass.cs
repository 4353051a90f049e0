using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;

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

    /// <summary>
    /// A snapshot's period scanned, then its strays found (<see cref="SourceSnapshot.Strays"/>) within
    /// the bounds of the ids the scan would post, and counted with the scan's own violations.
    /// </summary>
    public static async Task<SourceScanResult> ScanAsync(
        SourceSnapshot source,
        RuleSet rules,
        long premiumSliceSize = long.MaxValue,
        long claimSliceSize = long.MaxValue,
        Action<SourceViolation>? onViolation = null,
        long? firstJeNumber = null,
        CancellationToken ct = default)
    {
        var scan = await ScanAsync(source.Premiums, source.Claims, rules, premiumSliceSize, claimSliceSize, onViolation, firstJeNumber, ct);
        var strays = await source.Strays(PostedIdRanges.Of(scan.Slices), ct);
        return scan.With(Violations(strays, rules, onViolation));
    }

    /// <summary>The violations among stray rows (those in a status that is not posted are left alone).</summary>
    public static IReadOnlyList<SourceViolation> Violations(IEnumerable<StrayRow> strays, RuleSet rules, Action<SourceViolation>? onViolation = null)
    {
        var violations = new List<SourceViolation>();
        foreach (var stray in strays)
        {
            if (stray.Check(rules) is { } violation)
            {
                violations.Add(violation);
                onViolation?.Invoke(violation);
            }
        }

        return violations;
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
