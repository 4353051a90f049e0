namespace MonthEnd.Core.Engine;

public enum RunPhase
{
    Preflight,
    Planning,
    Staging,
    Validating,
    Committing,
    Archiving,
    Done,
}

/// <summary>A progress report: which phase, and during staging how many source records are done.</summary>
public sealed record RunProgress(string BatchId, RunPhase Phase, long RecordsDone, long RecordsTotal, long EntriesStaged, string Message);
