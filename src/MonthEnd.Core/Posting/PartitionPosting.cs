using MonthEnd.Core.Batches;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;

namespace MonthEnd.Core.Posting;

/// <summary>
/// Posts a partition's source records as its workers do: each record checked against the rules,
/// each posted one numbered by its offset among the partition's posted records. One
/// implementation for the worker's chunks and for the commit re-deriving a partition's entries to
/// name the first one that differs from staging.
/// </summary>
public sealed class PartitionPosting(RuleSet rules, PartitionRecord partition)
{
    private readonly PostingEngine _engine = new(rules);

    /// <summary>Posts <paramref name="rows"/> from the partition's offset <paramref name="firstOffset"/> into <paramref name="into"/>; returns how many were posted.</summary>
    public long PostPremiums(IEnumerable<PremiumRecord> rows, long firstOffset, ICollection<SourceViolation> violations, ICollection<JournalEntry> into)
    {
        long posted = 0;
        foreach (var row in rows)
        {
            if (PremiumRules.Check(row, rules, violations, out var txn) == SourceVerdict.Post)
            {
                _engine.PostPremium(txn!, firstOffset + posted, partition.Sequence, into);
                posted++;
            }
        }

        return posted;
    }

    public long PostClaims(IEnumerable<ClaimRecord> rows, long firstOffset, ICollection<SourceViolation> violations, ICollection<JournalEntry> into)
    {
        long posted = 0;
        foreach (var row in rows)
        {
            if (ClaimRules.Check(row, rules, violations, out var txn) == SourceVerdict.Post)
            {
                into.Add(_engine.PostClaim(txn!, firstOffset + posted, partition.Sequence));
                posted++;
            }
        }

        return posted;
    }

    /// <summary>
    /// Every entry the rules make of the partition's records, from the period's source rows (those
    /// outside the partition's id range are passed over). Records the rules refuse are left out, as
    /// a worker would fail on them; posting stops where the partition's numbers end.
    /// </summary>
    public IReadOnlyList<JournalEntry> Entries(IEnumerable<PremiumRecord> premiums, IEnumerable<ClaimRecord> claims)
    {
        var entries = new List<JournalEntry>();
        var violations = new List<SourceViolation>();
        long posted = 0;
        if (partition.Kind == SourceKind.Premium)
        {
            foreach (var row in premiums.Where(r => InRange(r.TxnId)).TakeWhile(_ => posted < partition.RecordCount))
            {
                posted += PostPremiums([row], posted, violations, entries);
            }
        }
        else
        {
            foreach (var row in claims.Where(r => InRange(r.ClaimId)).TakeWhile(_ => posted < partition.RecordCount))
            {
                posted += PostClaims([row], posted, violations, entries);
            }
        }

        return entries;
    }

    private bool InRange(long? id) => id >= partition.FirstSourceId && id <= partition.LastSourceId;
}
