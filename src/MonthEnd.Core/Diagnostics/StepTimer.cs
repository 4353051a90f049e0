using System.Diagnostics;

namespace MonthEnd.Core.Diagnostics;

/// <summary>Times the named steps of a long operation (the commit) so that operators can see where its time went.</summary>
public sealed class StepTimer
{
    private readonly List<(string Step, TimeSpan Time)> _steps = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Mark(string step)
    {
        _steps.Add((step, _watch.Elapsed));
        _watch.Restart();
    }

    public IReadOnlyList<(string Step, TimeSpan Time)> Steps => _steps;

    public override string ToString() => string.Join(", ", _steps.Select(s => $"{s.Step} {s.Time.TotalSeconds:F2}s"));
}
