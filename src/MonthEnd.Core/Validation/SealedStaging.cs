using MonthEnd.Core.Accounting;

namespace MonthEnd.Core.Validation;

/// <summary>
/// The batch's staging facts from its chunks' seals, without reading every staged row back, when
/// the staged tables provably hold what the sealed chunks wrote and nothing else: every row was
/// written by a sealed chunk's transaction (no other session inserted one; an UPDATE would give the
/// row the updater's transaction id), and for every chunk the rows it wrote are still all there,
/// with the counts, the number range and every sum its seal recorded. Each entry balanced when it
/// was built (<see cref="Posting.JournalEntry"/> refuses otherwise) and the seal's per-entry checks
/// ran over the very entries written, so the staged entries pass or fail them as the seals say.
/// Anything else is a difference, and the store then measures every staged row as before.
/// </summary>
public static class SealedStaging
{
    public static SealedStagingResult Reconcile(IReadOnlyCollection<ChunkSeal> seals, IReadOnlyCollection<StagedByTransaction> headers,
        IReadOnlyCollection<StagedByTransaction> lines)
    {
        if (seals.Count == 0)
        {
            return SealedStagingResult.Differs("no chunk is sealed");
        }

        var byTransaction = new Dictionary<long, ChunkSeal>();
        foreach (var seal in seals)
        {
            if (!byTransaction.TryAdd(seal.TransactionId, seal))
            {
                return SealedStagingResult.Differs($"two chunks sealed by transaction {seal.TransactionId}");
            }
        }

        var stagedHeaders = headers.ToDictionary(h => h.TransactionId, h => h.Totals);
        var stagedLines = lines.ToDictionary(l => l.TransactionId, l => l.Totals);
        var strangers = stagedHeaders.Keys.Concat(stagedLines.Keys).Where(id => !byTransaction.ContainsKey(id)).Distinct().Order().ToList();
        if (strangers.Count > 0)
        {
            return SealedStagingResult.Differs($"staged rows written by transaction {strangers[0]}, which sealed no chunk ({strangers.Count} such transactions)");
        }

        if (seals.FirstOrDefault(s => s.Facts.HeaderCount > 0 && s.Facts.ContentDigests.Count == 0) is { } undigested)
        {
            return SealedStagingResult.Differs($"partition {undigested.PartitionNo}, chunk from record {undigested.FromRecord}: sealed without a content digest");
        }

        foreach (var seal in seals)
        {
            var h = stagedHeaders.GetValueOrDefault(seal.TransactionId) ?? new StagingFacts();
            var l = stagedLines.GetValueOrDefault(seal.TransactionId) ?? new StagingFacts();
            if (Difference(seal.Facts, h, l) is { } difference)
            {
                return SealedStagingResult.Differs($"partition {seal.PartitionNo}, chunk from record {seal.FromRecord}: {difference}");
            }
        }

        return new SealedStagingResult(StagingFactsSum.Of(seals.Select(s => s.Facts)), null);
    }

    private static string? Difference(StagingFacts seal, StagingFacts headers, StagingFacts lines)
    {
        (string Name, object? Sealed, object? Staged)[] compared =
        [
            ("entries", seal.HeaderCount, headers.HeaderCount),
            ("premium entries", seal.PremiumHeaderCount, headers.PremiumHeaderCount),
            ("claim entries", seal.ClaimHeaderCount, headers.ClaimHeaderCount),
            ("lowest JE number", seal.MinJeNumber, headers.MinJeNumber),
            ("highest JE number", seal.MaxJeNumber, headers.MaxJeNumber),
            ("premium entries' debit", seal.PremiumEntriesDebit, headers.PremiumEntriesDebit),
            ("claim entries' debit", seal.ClaimEntriesDebit, headers.ClaimEntriesDebit),
            ("lines", seal.LineCount, lines.LineCount),
            ("debits", seal.TotalDebit, lines.TotalDebit),
            ("credits", seal.TotalCredit, lines.TotalCredit),
            .. Funds.All.Select(f => ($"{f.Code()} net", (object?)seal.FundNetChange[f], (object?)lines.FundNetChange[f])),
        ];
        return compared.FirstOrDefault(c => !Equals(c.Sealed, c.Staged)) is { Name: not null } d
            ? $"sealed {d.Name} {d.Sealed?.ToString() ?? "none"}, staged {d.Staged?.ToString() ?? "none"}"
            : null;
    }
}

/// <summary>The staging facts from the seals, or why they cannot be taken.</summary>
public sealed record SealedStagingResult(StagingFacts? Facts, string? Difference)
{
    public static SealedStagingResult Differs(string difference) => new(null, difference);
}
