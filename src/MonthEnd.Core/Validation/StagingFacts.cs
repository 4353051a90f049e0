using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// What the store measured in a batch's staging tables. The store only counts and sums (it knows
/// how to do that fast); <see cref="BatchVerifier"/> decides what the numbers mean. Amounts are
/// 128-bit totals: staging edited by hand to absurd amounts is measured and fails a check, never overflows.
/// </summary>
public sealed record StagingFacts
{
    public long HeaderCount { get; init; }

    public long PremiumHeaderCount { get; init; }

    public long ClaimHeaderCount { get; init; }

    public long? MinJeNumber { get; init; }

    public long? MaxJeNumber { get; init; }

    /// <summary>Entries whose number lies outside their partition's planned range (so numbers could collide across partitions).</summary>
    public long OutOfRangeEntries { get; init; }

    /// <summary>Headers whose number was already staged (or that came out of order).</summary>
    public long DuplicateEntries { get; init; }

    public long LineCount { get; init; }

    /// <summary>Entries whose lines' debits differ from their credits.</summary>
    public long UnbalancedEntries { get; init; }

    /// <summary>Entries whose header totals differ from their lines, or that have no lines.</summary>
    public long HeaderLineMismatches { get; init; }

    /// <summary>Lines whose entry has no header.</summary>
    public long OrphanLines { get; init; }

    /// <summary>Lines with a negative amount, with both a debit and a credit, or with a line number their entry already has.</summary>
    public long MalformedLines { get; init; }

    /// <summary>How many JE numbers <see cref="SampleBadEntries"/> keeps.</summary>
    public const int SampleLimit = 10;

    /// <summary>Up to ten JE numbers of entries that failed a per-entry check, for investigation.</summary>
    public IReadOnlyList<long> SampleBadEntries { get; init; } = [];

    public MoneyTotal TotalDebit { get; init; }

    public MoneyTotal TotalCredit { get; init; }

    /// <summary>Σ credit − Σ debit of the lines of each fund, as the commit will add to fund_balance.</summary>
    public FundAmounts FundNetChange { get; init; } = new();

    public MoneyTotal PremiumEntriesDebit { get; init; }

    public MoneyTotal ClaimEntriesDebit { get; init; }

    /// <summary>
    /// The content of the staged rows per partition (by the JE range their numbers fall in; 0 for
    /// rows outside every range), to compare with what the rules make of each partition's source.
    /// </summary>
    public IReadOnlyDictionary<int, ContentDigest> ContentDigests { get; init; } = new Dictionary<int, ContentDigest>();
}
