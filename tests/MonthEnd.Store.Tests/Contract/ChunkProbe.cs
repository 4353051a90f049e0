using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;

namespace MonthEnd.Store.Tests.Contract;

/// <summary>Stages a few chunks of a leased partition by hand and stops, like a worker that dies part way.</summary>
public sealed class ChunkProbe(IWorkerSession session, RuleSet rules, Period period, int chunkSize)
{
    /// <summary>The last chunk written, to replay it.</summary>
    public IReadOnlyList<JournalEntry> LastEntries { get; private set; } = [];

    public async Task<ChunkCheckpoint> StageAsync(PartitionLease lease, int chunks)
    {
        var engine = new PostingEngine(rules);
        var partition = lease.Partition;
        var processed = partition.RecordsProcessed;
        var after = partition.LastSourceIdProcessed;
        var checkpoint = new ChunkCheckpoint(processed, processed, after ?? 0);
        for (var i = 0; i < chunks; i++)
        {
            var entries = new List<JournalEntry>();
            var violations = new List<SourceViolation>();
            var from = processed;
            var rows = await session.ReadPremiumChunkAsync(lease, period, after, chunkSize, CancellationToken.None);
            rows.ShouldNotBeEmpty("the probe must stop inside the partition");
            foreach (var row in rows)
            {
                PremiumRules.Check(row, rules, violations, out var txn).ShouldBe(SourceVerdict.Post);
                engine.PostPremium(txn!, processed++, partition.Sequence, entries);
            }

            after = rows[^1].TxnId;
            checkpoint = new ChunkCheckpoint(from, processed, after!.Value);
            (await session.WriteChunkAsync(lease, entries, checkpoint, CancellationToken.None)).ShouldBeTrue();
            LastEntries = entries;
        }

        return checkpoint;
    }
}
