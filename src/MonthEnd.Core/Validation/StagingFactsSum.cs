using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// The facts of several disjoint parts of a batch's staging (its chunks) as the facts of the
/// whole: counts and amounts add up, the number range spans them, the samples are the lowest.
/// Entries never straddle two parts (a chunk stages whole entries), so per-entry counts add up too.
/// </summary>
public static class StagingFactsSum
{
    public static StagingFacts Of(IEnumerable<StagingFacts> parts)
    {
        var sum = new StagingFacts();
        var net = new FundAmounts();
        var samples = new SortedSet<long>();
        var digests = new Dictionary<int, ContentDigest>();
        foreach (var p in parts)
        {
            foreach (var (partition, digest) in p.ContentDigests)
            {
                digests[partition] = digests.GetValueOrDefault(partition).Add(digest);
            }

            foreach (var fund in Funds.All)
            {
                net.Add(fund, p.FundNetChange[fund]);
            }

            samples.UnionWith(p.SampleBadEntries);
            sum = sum with
            {
                HeaderCount = sum.HeaderCount + p.HeaderCount,
                PremiumHeaderCount = sum.PremiumHeaderCount + p.PremiumHeaderCount,
                ClaimHeaderCount = sum.ClaimHeaderCount + p.ClaimHeaderCount,
                MinJeNumber = Lower(sum.MinJeNumber, p.MinJeNumber),
                MaxJeNumber = Higher(sum.MaxJeNumber, p.MaxJeNumber),
                OutOfRangeEntries = sum.OutOfRangeEntries + p.OutOfRangeEntries,
                DuplicateEntries = sum.DuplicateEntries + p.DuplicateEntries,
                LineCount = sum.LineCount + p.LineCount,
                UnbalancedEntries = sum.UnbalancedEntries + p.UnbalancedEntries,
                HeaderLineMismatches = sum.HeaderLineMismatches + p.HeaderLineMismatches,
                OrphanLines = sum.OrphanLines + p.OrphanLines,
                MalformedLines = sum.MalformedLines + p.MalformedLines,
                TotalDebit = sum.TotalDebit + p.TotalDebit,
                TotalCredit = sum.TotalCredit + p.TotalCredit,
                PremiumEntriesDebit = sum.PremiumEntriesDebit + p.PremiumEntriesDebit,
                ClaimEntriesDebit = sum.ClaimEntriesDebit + p.ClaimEntriesDebit,
            };
        }

        return sum with { FundNetChange = net, ContentDigests = digests, SampleBadEntries = samples.Take(StagingFacts.SampleLimit).ToList() };
    }

    private static long? Lower(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Higher(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
