using MonthEnd.Core.Engine;
using Spectre.Console;

namespace MonthEnd.Cli.Output;

/// <summary>
/// Shows a run's progress: a live bar on a terminal, plain lines (each phase, every 10% of staging)
/// when the output goes to a file or a pipe, nothing with --json.
/// </summary>
public static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(bool quiet, Func<IProgress<RunProgress>?, Task<T>> run)
    {
        if (quiet)
        {
            return await run(null);
        }

        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return await run(new PlainProgress());
        }

        T? outcome = default;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = new LiveProgress(context);
                outcome = await run(bar);
                bar.Finish();
            });
        return outcome!;
    }

    private sealed class LiveProgress(ProgressContext context) : IProgress<RunProgress>
    {
        private readonly Lock _lock = new();
        private ProgressTask? _staging;
        private RunPhase? _phase;
        private ProgressTask? _step;

        public void Report(RunProgress value)
        {
            lock (_lock)
            {
                if (value.Phase == RunPhase.Staging)
                {
                    _staging ??= context.AddTask($"staging {value.BatchId}", maxValue: Math.Max(value.RecordsTotal, 1));
                    _staging.Value = value.RecordsDone;
                    _staging.Description = $"staging: {value.RecordsDone:N0}/{value.RecordsTotal:N0} records, {value.EntriesStaged:N0} entries";
                    return;
                }

                if (_phase != value.Phase)
                {
                    _step?.StopTask();
                    _step = value.Phase == RunPhase.Done ? null : context.AddTask(value.Message).IsIndeterminate();
                    _phase = value.Phase;
                }
            }
        }

        public void Finish()
        {
            lock (_lock)
            {
                if (_staging is not null)
                {
                    _staging.Value = _staging.MaxValue;
                }

                _step?.StopTask();
            }
        }
    }

    private sealed class PlainProgress : IProgress<RunProgress>
    {
        private readonly Lock _lock = new();
        private RunPhase? _phase;
        private long _lastTenth = -1;

        public void Report(RunProgress value)
        {
            lock (_lock)
            {
                if (value.Phase == RunPhase.Staging)
                {
                    var tenth = value.RecordsTotal == 0 ? 10 : value.RecordsDone * 10 / value.RecordsTotal;
                    if (tenth != _lastTenth)
                    {
                        _lastTenth = tenth;
                        Console.WriteLine($"  staging {value.RecordsDone:N0}/{value.RecordsTotal:N0} records ({tenth * 10}%), {value.EntriesStaged:N0} entries");
                    }

                    return;
                }

                if (_phase != value.Phase)
                {
                    _phase = value.Phase;
                    Console.WriteLine($"  {value.Message}");
                }
            }
        }
    }
}
