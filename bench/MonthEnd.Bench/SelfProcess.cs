using System.Diagnostics;

namespace MonthEnd.Bench;

/// <summary>Runs this harness again in a child process (data generation, so that its memory is not counted).</summary>
internal static class SelfProcess
{
    public static async Task<int> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = Environment.GetCommandLineArgs()[..1].Where(a => a.EndsWith(".dll", StringComparison.Ordinal));
        var start = new ProcessStartInfo(Environment.ProcessPath!, [.. self, .. args]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
