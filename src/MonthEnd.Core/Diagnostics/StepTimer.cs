using System.Diagnostics;

namespace MonthEnd.Core.Diagnostics;

/// <summary>Times the named steps of a long operation (the commit) so that operators can see where its time went.</summary>
public sealed class StepTimer
{
    private readonly List<(string Step, TimeSpan Time)> _steps = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Mark(string step)
    {
        lock (_steps)
        {
            _steps.Add((step, _watch.Elapsed));
        }

        _watch.Restart();
    }

    /// <summary>A step that ran beside others (timed by its own stopwatch); the running mark is not reset.</summary>
    public void Record(string step, TimeSpan time)
    {
        lock (_steps)
        {
            _steps.Add((step, time));
        }
    }

    public IReadOnlyList<(string Step, TimeSpan Time)> Steps => _steps;

    public override string ToString() => string.Join(", ", _steps.Select(s => $"{s.Step} {s.Time.TotalSeconds:F2}s"));
}
