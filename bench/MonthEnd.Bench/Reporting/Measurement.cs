namespace MonthEnd.Bench.Reporting;

/// <summary>A timed step of a run; Depth 1 is a sub-step of the step above it.</summary>
internal sealed record Step(string Name, TimeSpan Time, int Depth = 0);

/// <summary>One measured run: what it wrote, how long it took end to end and per step, and this process's memory.</summary>
internal sealed record Measurement(
    string Name,
    TimeSpan Total,
    IReadOnlyList<Step> Steps,
    long JournalEntries,
    long JournalLines,
    long PeakResidentBytes,
    long PeakManagedBytes)
{
    /// <summary>The machine's 1-minute load average when the run started.</summary>
    public double LoadBefore { get; init; }

    /// <summary>CPU time of the measuring process over the run.</summary>
    public TimeSpan ClientCpu { get; init; }

    /// <summary>CPU time of the whole machine over the run (client, server and anything else running).</summary>
    public TimeSpan? MachineCpu { get; init; }

    public long JournalRows => JournalEntries + JournalLines;

    public double Seconds => Total.TotalSeconds;

    public double RowsPerSecond => JournalRows / Total.TotalSeconds;
}
