using MonthEnd.Core.Calendar;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// Made-up journal entries shaped like a month-end's, by JE number: premiums first, one entry per
/// premium template, then claims across the claim templates; dates in the period and amounts of
/// the generator's size (100,000.00 – 5,000,000.00, some with sen), cheap to make.
/// </summary>
internal sealed class SyntheticLedger(RuleSet rules, Period period, long premiums, long claims)
{
    private readonly IReadOnlyList<PostingTemplate> _premiumTemplates = rules.PremiumTemplates;
    private readonly PostingTemplate[] _claimTemplates = [.. rules.ClaimRoutes.Values.OrderBy(r => r.ClaimType, StringComparer.Ordinal).Select(r => r.Template)];
    private readonly long _premiumEntries = premiums * rules.PremiumTemplates.Count;
    private readonly int _days = period.End.Day;

    public long Entries => _premiumEntries + claims;

    public long Lines => (premiums * rules.LinesPerPremium) + Enumerable.Range(0, (int)Math.Min(claims, int.MaxValue)).Sum(c => (long)_claimTemplates[c % _claimTemplates.Length].Lines.Count);

    public int ChartVersion { get; } = rules.Chart.Version;

    public string BatchId { get; } = $"{period}-MONTHEND-COPY";

    public (PostingTemplate Template, long ReferenceId, DateOnly Date, decimal Amount) Entry(long je)
    {
        var j = je - 1;
        var (template, reference) = j < _premiumEntries
            ? (_premiumTemplates[(int)(j % _premiumTemplates.Count)], (j / _premiumTemplates.Count) + 1)
            : (_claimTemplates[(int)((j - _premiumEntries) % _claimTemplates.Length)], j - _premiumEntries + 1);
        var mixed = (ulong)je * 0x9E3779B97F4A7C15UL;
        var minor = 10_000_000L + (long)((mixed >> 20) % 490_000_000UL);
        minor -= (mixed & 7) == 0 ? 0 : minor % 100; // most amounts are whole rupiah
        return (template, reference, period.Start.AddDays((int)(reference % _days)), new decimal((int)minor, (int)(minor >> 32), 0, false, 2));
    }
}
