using MonthEnd.Core.Accounting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;

namespace MonthEnd.Core.Batches;

/// <summary>A batch as stored in staging_month_end_master.</summary>
public sealed record BatchRecord(
    string BatchId,
    Period Period,
    string Kind,
    BatchStatus Status,
    long RuleSetId,
    int RuleSetVersion,
    int CoaVersion,
    SequenceRange Sequence,
    long PremiumCount,
    long ClaimCount,
    long ExpectedLineCount,
    long? ActualJeCount,
    string SourceChecksum,
    Money PremiumTotal,
    Money ClaimTotal,
    int WorkerCount,
    int ChunkSize,
    string InitiatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ValidatedAt,
    DateTimeOffset? CommittedAt,
    DateTimeOffset? ArchivedAt,
    string? FailureReason,
    string? StagingLocation,
    string? ArchiveLocation)
{
    public long ExpectedJeCount => Sequence.Count;

    /// <summary>For a batch of kind REVERSAL, the batch whose entries it reverses.</summary>
    public string? ReversesBatchId { get; init; }
}
