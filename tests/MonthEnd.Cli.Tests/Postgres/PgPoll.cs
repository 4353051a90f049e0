using System.Diagnostics;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests.Postgres;

public static class PgPoll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Asks the database again and again until <paramref name="probe"/> returns a value, while every
    /// process in <paramref name="running"/> still runs; fails with a clear message when one of them
    /// ended first (the moment to strike was missed: the test would otherwise pass without testing anything).
    /// </summary>
    public static async Task<T> UntilAsync<T>(IReadOnlyList<RunningCli> running, string waitingFor, Func<Task<T?>> probe)
        where T : struct
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            foreach (var process in running.Where(p => p.HasExited))
            {
                var result = await process.WaitAsync();
                Assert.Fail($"monthend {process.CommandLine} ended before {waitingFor}, so the test could not strike at that moment " +
                            $"(the batch finished before the fault); give it more data to work on.\n{result}");
            }

            if (watch.Elapsed > MonthEndProcess.HangGuard)
            {
                Assert.Fail($"hang guard: still waiting for {waitingFor} after {watch.Elapsed}");
            }

            await Task.Delay(Interval);
        }
    }
}
