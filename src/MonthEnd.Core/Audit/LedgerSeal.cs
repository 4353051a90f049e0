using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Posting;
using MonthEnd.Core.Security;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Audit;

/// <summary>
/// One partition of a sealed batch: its source records (which the commit marked with the batch), the
/// JE range they were posted into, how many entries and lines that range holds and what its rows add
/// up to (<see cref="ContentDigest"/>). <paramref name="LineCount"/> is null for a batch planned before
/// lines were counted per partition.
/// </summary>
public sealed record SealedPartition(
    int PartitionNo, SourceKind Kind, long FirstSourceId, long LastSourceId, long FirstPosition, long RecordCount, SequenceRange Range,
    long? LineCount, ContentDigest Content)
{
    public long EntryCount => Range.Count;

    /// <summary>The partition as the posting code takes it, to post its records again and name a differing entry.</summary>
    public PartitionRecord AsPartition(string batchId) => new(
        batchId, PartitionNo, Kind, FirstSourceId, LastSourceId, FirstPosition, RecordCount, Range, PartitionStatus.Completed, RecordCount, LastSourceId,
        null, null, null, 0, null, Content, LineCount);

    public override string ToString() => $"partition {PartitionNo} (JE {Range})";
}

/// <summary>
/// A committed batch's ledger as the commit left it, for the audit trail (operation
/// <see cref="Operation"/>, the seal as operation_details): per partition, the JE range, counts and
/// content digest the commit verified its staged rows against, before it wrote them to the ledger
/// unchanged. Built from the batch's partition rows at no cost (nothing is read or hashed again); the
/// trail's MAC then vouches for it, so a later verification (<see cref="LedgerSealCheck"/>) that
/// recomputes the digests from the ledger shows any entry or line edited, deleted or inserted since.
/// </summary>
public sealed record LedgerSeal(
    string BatchId, Period Period, long RuleSetId, SequenceRange Sequence, long EntryCount, long LineCount, IReadOnlyList<SealedPartition> Partitions)
{
    public const string Operation = "BATCH_SEALED";

    /// <summary>
    /// The trail's row of a committed rollback (SUCCESS): the batch's entries left the ledger on
    /// purpose, under four eyes, so its seal no longer describes the ledger and is not verified.
    /// </summary>
    public const string RolledBackOperation = "BATCH_LEDGER_ROLLED_BACK";

    /// <summary>The version of the seal's JSON (<see cref="LedgerSealJson"/>).</summary>
    public const int Version = 1;

    /// <summary>What the whole batch's rows add up to.</summary>
    public ContentDigest Content => Partitions.Aggregate(ContentDigest.Empty, (sum, p) => sum.Add(p.Content));

    /// <summary>
    /// The seal of a committed batch from its partition rows. Refused for a batch that is not
    /// COMMITTED, or whose partitions lack a content digest or do not cover its JE range exactly.
    /// </summary>
    public static LedgerSeal Of(BatchRecord batch, IReadOnlyList<PartitionRecord> partitions)
    {
        if (batch.Status != BatchStatus.Committed)
        {
            throw new InvalidOperationException($"batch {batch.BatchId} is {batch.Status.Code()}: only a committed batch's ledger is sealed");
        }

        var sealedPartitions = partitions.OrderBy(p => p.Sequence.First).Select(p => new SealedPartition(
            p.PartitionNo, p.Kind, p.FirstSourceId, p.LastSourceId, p.FirstPosition, p.RecordCount, p.Sequence, p.LineCount,
            p.Content ?? throw new InvalidOperationException(
                $"partition {p.PartitionNo} of batch {batch.BatchId} was planned without a content digest: nothing vouches for its rows to seal"))).ToList();
        var next = batch.Sequence.First;
        foreach (var p in sealedPartitions)
        {
            if (p.Range.First != next)
            {
                throw new InvalidOperationException($"the partitions of batch {batch.BatchId} do not cover its JE range {batch.Sequence}: {p} follows JE {next - 1}");
            }

            next = p.Range.Last + 1;
        }

        if (next != batch.Sequence.Last + 1)
        {
            throw new InvalidOperationException($"the partitions of batch {batch.BatchId} end at JE {next - 1}, its range at {batch.Sequence.Last}");
        }

        return new LedgerSeal(batch.BatchId, batch.Period, batch.RuleSetId, batch.Sequence, batch.ExpectedJeCount, batch.ExpectedLineCount,
            sealedPartitions);
    }

    /// <summary>The seal as an audit row by the caller who committed (or sealed) the batch.</summary>
    public AuditDraft ToDraft(Caller caller, DateTimeOffset performedAt) =>
        new(BatchId, Operation, caller.User, performedAt, caller.IpAddress, caller.UserAgent, LedgerSealJson.Write(this), AuditStatus.Success, null, null);
}
