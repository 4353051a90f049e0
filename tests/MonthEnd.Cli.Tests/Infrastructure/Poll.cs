using System.Diagnostics;

namespace MonthEnd.Cli.Tests.Infrastructure;

public static class Poll
{
    /// <summary>
    /// Looks again and again until <paramref name="probe"/> returns a value, while <paramref name="run"/>
    /// is still working; fails with a clear message when the run ended first (the moment was missed).
    /// </summary>
    public static async Task<T> WhileRunningAsync<T>(RunningCli run, string waitingFor, Func<T?> probe)
        where T : struct
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (run.HasExited)
            {
                var result = await run.WaitAsync();
                Assert.Fail($"monthend {run.CommandLine} ended before {waitingFor}, so the test could not act at that moment; " +
                            $"give it more data to work on.\n{result}");
            }

            if (watch.Elapsed > MonthEndProcess.HangGuard)
            {
                Assert.Fail($"hang guard: still waiting for {waitingFor} after {watch.Elapsed}");
            }

            await Task.Delay(10);
        }
    }
}
