namespace MonthEnd.Core.Batches;

/// <summary>Every state a batch can be in; each change is recorded in the database.</summary>
public enum BatchStatus
{
    Planned,
    Running,
    Paused,
    Validating,
    Committing,
    Committed,
    Failed,
    Aborted,
    RolledBack,

    /// <summary>Committed, then taken back by a committed REVERSAL batch's compensating entries: its own entries stay in the ledger.</summary>
    Reversed,
}

public static class BatchStatuses
{
    /// <summary>Why a COMMITTING batch went back to VALIDATING: its commit transaction died with its process.</summary>
    public const string InterruptedCommit = "re-validating after an interrupted commit";

    private static readonly Dictionary<BatchStatus, BatchStatus[]> Allowed = new()
    {
        [BatchStatus.Planned] = [BatchStatus.Running, BatchStatus.Paused, BatchStatus.Aborted, BatchStatus.RolledBack],
        [BatchStatus.Running] = [BatchStatus.Validating, BatchStatus.Paused, BatchStatus.Failed, BatchStatus.Aborted, BatchStatus.RolledBack],
        [BatchStatus.Paused] = [BatchStatus.Running, BatchStatus.Aborted, BatchStatus.RolledBack],
        [BatchStatus.Validating] = [BatchStatus.Committing, BatchStatus.Failed, BatchStatus.Aborted, BatchStatus.RolledBack],
        [BatchStatus.Committing] = [BatchStatus.Committed, BatchStatus.Failed, BatchStatus.Validating],
        [BatchStatus.Failed] = [BatchStatus.Aborted, BatchStatus.RolledBack],
        [BatchStatus.Committed] = [BatchStatus.RolledBack, BatchStatus.Reversed],
        [BatchStatus.Aborted] = [],
        [BatchStatus.RolledBack] = [],
        [BatchStatus.Reversed] = [],
    };

    /// <summary>Statuses that hold the period (and the ledger's next JE numbers): at most one batch per period.</summary>
    public static IReadOnlyList<BatchStatus> Open { get; } =
        [BatchStatus.Planned, BatchStatus.Running, BatchStatus.Paused, BatchStatus.Validating, BatchStatus.Committing, BatchStatus.Failed];

    public static bool IsOpen(this BatchStatus status) => Open.Contains(status);

    public static bool CanMove(BatchStatus from, BatchStatus to) => Allowed[from].Contains(to);

    public static void EnsureCanMove(string batchId, BatchStatus from, BatchStatus to)
    {
        if (!CanMove(from, to))
        {
            throw new BatchTransitionException(batchId, from, to);
        }
    }

    public static string Code(this BatchStatus status) => status switch
    {
        BatchStatus.Planned => "PLANNED",
        BatchStatus.Running => "RUNNING",
        BatchStatus.Paused => "PAUSED",
        BatchStatus.Validating => "VALIDATING",
        BatchStatus.Committing => "COMMITTING",
        BatchStatus.Committed => "COMMITTED",
        BatchStatus.Failed => "FAILED",
        BatchStatus.Aborted => "ABORTED",
        BatchStatus.RolledBack => "ROLLED_BACK",
        BatchStatus.Reversed => "REVERSED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static BatchStatus Parse(string code) =>
        Enum.GetValues<BatchStatus>().FirstOrDefault(s => s.Code() == code) is var s && s.Code() == code
            ? s
            : throw new FormatException($"{Text.Shown.Quote(code)} is not a batch status");
}

/// <summary>A status change the batch state machine does not allow, e.g. aborting a COMMITTED batch.</summary>
public sealed class BatchTransitionException(string batchId, BatchStatus from, BatchStatus to)
    : InvalidOperationException(from == BatchStatus.Committed && to == BatchStatus.Aborted
        ? $"batch {batchId} is COMMITTED: a committed batch is rolled back (with CFO approval), not aborted"
        : $"batch {batchId} is {from.Code()}: it cannot become {to.Code()}")
{
    public string BatchId { get; } = batchId;

    public BatchStatus From { get; } = from;

    public BatchStatus To { get; } = to;
}
