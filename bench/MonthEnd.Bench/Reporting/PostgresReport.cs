using System.Globalization;

namespace MonthEnd.Bench.Reporting;

/// <summary>Prints each measured run as it ends, then the comparison: ratios to the references, targets, attach against copy.</summary>
internal sealed class PostgresReport(long premiums)
{
    /// <summary>Ours must take at most this multiple of reference (a), set-based SQL.</summary>
    public const double SetBasedTarget = 1.0;

    /// <summary>Ours must take at most this multiple of reference (b), the raw COPY floor.</summary>
    public const double RawCopyTarget = 2.0;

    private readonly List<Measurement> _runs = [];

    public void Add(Measurement run)
    {
        _runs.Add(run);
        Line($"{run.Name} (1-minute load before: {run.LoadBefore:F2})");
        foreach (var step in run.Steps)
        {
            Line($"  {new string(' ', step.Depth * 2)}{step.Name,-44} {step.Time.TotalSeconds,7:F2} s");
        }

        Line($"  {"end to end",-44} {run.Seconds,7:F2} s");
        Line($"  premiums/s {premiums / run.Seconds:N0}; journal rows/s {run.RowsPerSecond:N0} ({run.JournalEntries:N0} entries + {run.JournalLines:N0} lines)");
        Line($"  peak working set {Mb(run.PeakResidentBytes)} MB; peak managed heap {Mb(run.PeakManagedBytes)} MB (this process; the server's memory is its own)");
        Line($"  CPU: this process {run.ClientCpu.TotalSeconds:F1} s; the machine {Cpu(run.MachineCpu)} (of {Environment.ProcessorCount * run.Seconds:F0} core-seconds; the rest is the server on a quiet machine)");
    }

    /// <summary>Ours is the commit by attach when it was measured (the store's default), else by copy.</summary>
    public void PrintSummary(Measurement ours, Measurement? copy, Measurement setBased, Measurement rawCopy)
    {
        Line("");
        Line("summary (same data, same server, one database per run)");
        foreach (var run in _runs)
        {
            Line($"  {run.Name,-36} {run.Seconds,7:F2} s  {run.RowsPerSecond,11:N0} rows/s");
        }

        var toSetBased = ours.Seconds / setBased.Seconds;
        var toRawCopy = ours.Seconds / rawCopy.Seconds;
        Line($"  {ours.Name} / (a) set-based SQL   = {toSetBased:F2}x  (target <= {SetBasedTarget:F1}x: {(toSetBased <= SetBasedTarget ? "met" : "NOT met")})");
        Line($"  {ours.Name} / (b) raw binary COPY = {toRawCopy:F2}x  (target <= {RawCopyTarget:F1}x: {(toRawCopy <= RawCopyTarget ? "met" : "NOT met")})");
        if (copy is not null && copy != ours)
        {
            Line($"  ours (copy) / (a) = {copy.Seconds / setBased.Seconds:F2}x; ours (copy) / (b) = {copy.Seconds / rawCopy.Seconds:F2}x");
            Line($"  commit by attach against commit by INSERT … SELECT: {CommitSeconds(ours):F2} s vs {CommitSeconds(copy):F2} s (validate + commit phase); " +
                 $"end to end {ours.Seconds:F2} s vs {copy.Seconds:F2} s");
        }
    }

    /// <summary>The runs side by side as a Markdown table, for docs/benchmarks.md.</summary>
    public void PrintMarkdown()
    {
        Line("");
        Line("| step | " + string.Join(" | ", _runs.Select(r => r.Name)) + " |");
        Line("|---|" + string.Concat(_runs.Select(_ => "---:|")));
        foreach (var (name, depth) in StepRows())
        {
            var cells = _runs.Select(r => r.Steps.FirstOrDefault(s => s.Name == name && s.Depth == depth) is { } s ? Seconds(s.Time.TotalSeconds) : "");
            Line($"| {(depth > 0 ? "— " : "")}{name} | {string.Join(" | ", cells)} |");
        }

        Line("| **end to end** | " + string.Join(" | ", _runs.Select(r => $"**{Seconds(r.Seconds)}**")) + " |");
        Line("| premiums/s | " + string.Join(" | ", _runs.Select(r => (premiums / r.Seconds).ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Line("| journal rows/s | " + string.Join(" | ", _runs.Select(r => r.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture))) + " |");
        Line("| peak working set | " + string.Join(" | ", _runs.Select(r => $"{Mb(r.PeakResidentBytes)} MB")) + " |");
        Line("| CPU: client / whole machine | " + string.Join(" | ", _runs.Select(r => $"{r.ClientCpu.TotalSeconds:F1} s / {Cpu(r.MachineCpu)}")) + " |");
        Line("| 1-minute load before | " + string.Join(" | ", _runs.Select(r => r.LoadBefore.ToString("F2", CultureInfo.InvariantCulture))) + " |");
    }

    /// <summary>Every run's steps in one list, each run's order kept: a step another run lacks goes after the step before it.</summary>
    private List<(string Name, int Depth)> StepRows()
    {
        var rows = new List<(string Name, int Depth)>();
        foreach (var run in _runs)
        {
            var at = 0;
            foreach (var step in run.Steps)
            {
                var key = (step.Name, step.Depth);
                var found = rows.IndexOf(key);
                if (found < 0)
                {
                    rows.Insert(at, key);
                    at++;
                }
                else
                {
                    at = found + 1;
                }
            }
        }

        return rows;
    }

    private static string Cpu(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "n/a";

    private static string Seconds(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    private static double CommitSeconds(Measurement run) => run.Steps.Where(s => s.Name == "committing").Sum(s => s.Time.TotalSeconds);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    private static void Line(string text) => Console.WriteLine(text);
}
