using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Reversal;

/// <summary>
/// When a committed batch may be reversed by compensating entries: a month-end batch, COMMITTED (so
/// once: a REVERSED one is refused), on a date inside an open accounting period and not before the
/// batch's own period, while no other batch is open (an open batch holds the ledger's next JE numbers,
/// which the reversal takes). Unlike a rollback, any committed batch may be reversed, not only the
/// latest, and its own period may be closed: the mirror entries are posted in the reversal date's period.
/// </summary>
public static class ReversalRules
{
    /// <summary>Why the batch may not be reversed; null when it may.</summary>
    /// <param name="datePeriodClosed">Whether the accounting period of <paramref name="date"/> is closed.</param>
    /// <param name="openBatch">An open batch other than this batch's own reversal, if any.</param>
    public static string? Refusal(BatchRecord original, DateOnly date, bool datePeriodClosed, string? openBatch) => original switch
    {
        { Kind: not BatchKind.MonthEnd } => $"it is a {original.Kind} batch: a reversal is not reversed (roll it back while it is the latest, or post the batch again)",
        { Status: BatchStatus.Reversed } => "it is REVERSED already: a batch is reversed once",
        { Status: not BatchStatus.Committed } => $"it is {original.Status.Code()}; only a COMMITTED batch's entries are reversed",
        _ when date < original.Period.Start => $"the reversal date {date:yyyy-MM-dd} is before the batch's period {original.Period}",
        _ when datePeriodClosed => $"the accounting period {Period.Of(date)} of the reversal date {date:yyyy-MM-dd} is closed; nothing is posted into a closed period",
        _ when openBatch is not null => $"batch {openBatch} is open and holds the ledger's next JE numbers; commit, abort or roll it back first",
        _ => null,
    };

    /// <summary>The reversal batch's id: the original's with -REV (then -REV2, -REV3… when taken), or REV-{JE} when that is too long.</summary>
    public static string IdFor(string originalId, long firstJe, int attempt)
    {
        var suffix = attempt <= 1 ? "-REV" : $"-REV{attempt}";
        return originalId.Length + suffix.Length <= BatchId.MaxLength
            ? originalId + suffix
            : $"REV-{firstJe}" + (attempt <= 1 ? "" : $"-{attempt}");
    }
}

/// <summary>When a reversal of the batch is open already (a crash, a retry): carried on when it is what was asked for.</summary>
public static class ReversalResumption
{
    /// <summary>The open reversal's id; refused when it FAILED (roll it back first) or has another date or source choice.</summary>
    public static string Check(ReversalBatch open, ReversalRequest request)
    {
        if (open.Batch.Status == BatchStatus.Failed)
        {
            throw new ReversalRefusedException(request.OriginalBatchId,
                $"its reversal {open.BatchId} FAILED ({open.Batch.FailureReason}); roll that back (rollback --batch-id {open.BatchId}) before asking again");
        }

        return open.Date == request.Date && open.ResetSource == request.ResetSource
            ? open.BatchId
            : throw new ReversalRefusedException(request.OriginalBatchId,
                $"its reversal {open.BatchId} is {open.Batch.Status.Code()} dated {open.Date:yyyy-MM-dd}{(open.ResetSource ? " with source reset" : "")}; " +
                "carry that on with the same date and choice, or roll it back first");
    }
}
