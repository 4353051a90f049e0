using System.Diagnostics;

namespace MonthEnd.Bench;

/// <summary>Runs this harness again in a child process (data generation, so that its memory is not counted).</summary>
internal static class SelfProcess
{
    public static async Task<int> RunAsync(IEnumerable<string> args)
    {
        var self = Environment.GetCommandLineArgs()[..1].Where(a => a.EndsWith(".dll", StringComparison.Ordinal));
        using var child = Process.Start(Environment.ProcessPath!, [.. self, .. args])!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
