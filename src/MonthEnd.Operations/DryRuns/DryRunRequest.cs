using MonthEnd.Core.DryRuns;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Storage;

namespace MonthEnd.Operations.DryRuns;

/// <summary>A dry run of a period: the batch's run request (its batch id is the dry run's own), where to copy, and whether to keep the copy.</summary>
public sealed record DryRunRequest(RunRequest Run, DryRunCopyOptions Copy, bool Keep);

/// <summary>A dry run's progress: the copy's steps, then the batch's on the copy.</summary>
public sealed record DryRunProgress(DryRunCopyProgress? Copy, RunProgress? Run);

/// <summary>A dry run's report and its verdict.</summary>
public sealed record DryRunResult(DryRunReport Report, DryRunVerdict Verdict);
