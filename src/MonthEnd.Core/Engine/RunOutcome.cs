using MonthEnd.Core.Batches;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Engine;

public enum RunResult
{
    /// <summary>The batch is COMMITTED: the ledger holds it.</summary>
    Committed,

    /// <summary>Pre-flight found invalid source records; nothing was staged.</summary>
    InvalidSource,

    /// <summary>A validation check failed; nothing reached the ledger and staging is kept.</summary>
    ValidationFailed,

    /// <summary>The run was refused before doing anything (already committed, conflicting batch…).</summary>
    Refused,

    /// <summary>The batch is PAUSED; resume it and run again.</summary>
    Paused,

    /// <summary>The batch was ABORTED while running.</summary>
    Aborted,

    /// <summary>Some partitions FAILED; run again to retry them once the cause is fixed.</summary>
    PartitionsFailed,

    /// <summary>The request goes beyond a limit of the store (<see cref="RunOutcome.Limit"/>); nothing was stored.</summary>
    LimitExceeded,
}

/// <summary>How a `run` ended, with everything a report needs.</summary>
public sealed record RunOutcome(
    RunResult Result,
    string Message,
    BatchRecord? Batch = null,
    ValidationReport? Validation = null,
    SourceScanResult? InvalidSource = null,
    CommitResult? Commit = null,
    IReadOnlyDictionary<RunPhase, TimeSpan>? PhaseTimes = null,
    IReadOnlyList<(string Step, TimeSpan Time)>? CommitSteps = null,
    LimitBreach? Limit = null);
