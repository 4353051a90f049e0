using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Operations.Batches;

/// <summary>A batch as the hosts show it as JSON (the CLI's --json, the HTTP API).</summary>
public sealed record BatchView(
    string BatchId,
    string Period,
    string Status,
    string? StatusReason,
    long PremiumCount,
    long ClaimCount,
    long ExpectedJeCount,
    long? ActualJeCount,
    long ExpectedLineCount,
    long SequenceStart,
    long SequenceEnd,
    string PremiumTotal,
    string ClaimTotal,
    string SourceChecksum,
    int RuleSetVersion,
    string InitiatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CommittedAt,
    DateTimeOffset? ArchivedAt,
    string? ArchiveLocation,
    string? StagingLocation)
{
    /// <summary>MONTHEND, or REVERSAL with <see cref="ReversesBatchId"/>.</summary>
    public string Kind { get; init; } = "MONTHEND";

    public string? ReversesBatchId { get; init; }

    public static BatchView Of(BatchRecord b) => new(
        b.BatchId, b.Period.ToString(), b.Status.Code(), b.FailureReason, b.PremiumCount, b.ClaimCount, b.ExpectedJeCount, b.ActualJeCount,
        b.ExpectedLineCount, b.Sequence.First, b.Sequence.Last, b.PremiumTotal.ToPlainString(), b.ClaimTotal.ToPlainString(),
        b.SourceChecksum, b.RuleSetVersion, b.InitiatedBy, b.CreatedAt, b.CommittedAt, b.ArchivedAt, b.ArchiveLocation, b.StagingLocation)
    {
        Kind = b.Kind,
        ReversesBatchId = b.ReversesBatchId,
    };
}

public sealed record PartitionView(int PartitionNo, string Kind, string Status, long RecordsProcessed, long RecordCount, long SequenceStart,
    long SequenceEnd, string? LeaseOwner, int Attempts, string? Error)
{
    public static PartitionView Of(PartitionRecord p) => new(p.PartitionNo, p.Kind.ToString().ToUpperInvariant(), p.Status.Code(),
        p.RecordsProcessed, p.RecordCount, p.Sequence.First, p.Sequence.Last, p.LeaseOwner, p.Attempts, p.Error);
}

public sealed record CheckView(string Code, bool Passed, string Expected, string Actual, string Message)
{
    public static CheckView Of(ValidationCheck c) => new(c.Code, c.Passed, c.Expected, c.Actual, c.Message);
}

public static class FundView
{
    public static Dictionary<string, string> Of(FundAmounts amounts) =>
        Funds.All.ToDictionary(f => f.Code(), f => amounts[f].ToPlainString());
}

public sealed record LedgerView(long Entries, long Lines, string TotalDebit, string TotalCredit, Dictionary<string, string> FundNetChange)
{
    public static LedgerView Of(LedgerSummary s) =>
        new(s.Entries, s.Lines, s.TotalDebit.ToPlainString(), s.TotalCredit.ToPlainString(), FundView.Of(s.FundNetChange));
}
