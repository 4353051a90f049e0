using System.Globalization;
using System.Text.Json;
using MonthEnd.Bench.Reporting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// Every measured run is a process of its own, as a month-end run would be: it pays for its own
/// start (JIT, connection pool), no run inherits another's warmed-up code or memory, and its peak
/// working set is its own. The child writes its measurement as JSON for the harness to read.
/// </summary>
internal static class MeasuredProcess
{
    /// <summary>
    /// Ours runs with the monthend command's runtime settings (src/MonthEnd.Cli/MonthEnd.Cli.csproj:
    /// no tiered compilation). The references keep .NET's defaults: (b)'s Npgsql-heavy client is
    /// fastest with tiering and dynamic PGO, and a floor must be measured at its best.
    /// </summary>
    private static readonly Dictionary<string, string> AsTheCommandRuns = new() { ["DOTNET_TieredCompilation"] = "0" };

    /// <summary>Parent side: runs <paramref name="workload"/> in a child process against <paramref name="connection"/>.</summary>
    public static async Task<Measurement> RunAsync(Workload workload, string connection, BenchOptions options)
    {
        var result = Path.Combine(Path.GetTempPath(), $"monthend-bench-{Environment.ProcessId}-{workload.Code()}.json");
        File.Delete(result);
        var exit = await SelfProcess.RunAsync([
            "--store", "postgres", "--measure", workload.Code(), "--db", connection, "--result", result,
            "--premiums", Invariant(options.Premiums), "--claims", Invariant(options.Claims),
            "--workers", Invariant(options.Workers), "--chunk-size", Invariant(options.ChunkSize),
            .. Flags(options),
        ], workload.IsOurs() ? AsTheCommandRuns : null);
        try
        {
            BenchCheck.That(exit == 0 && File.Exists(result), $"the {workload.Code()} run failed (exit {exit}); see above");
            return JsonSerializer.Deserialize<Measurement>(await File.ReadAllTextAsync(result))!;
        }
        finally
        {
            File.Delete(result);
        }
    }

    /// <summary>The switches the child's workload reads (the engine alone, and what follows the batch).</summary>
    private static IEnumerable<string> Flags(BenchOptions options) =>
        new[] { (options.Direct, "--direct"), (options.Rollback, "--rollback"), (options.Reverse, "--reverse") }.Where(f => f.Item1).Select(f => f.Item2);

    /// <summary>Child side: measures the workload --measure names and writes the result to --result.</summary>
    public static async Task<int> MeasureAsync(BenchOptions options, Period period, RuleSet rules)
    {
        try
        {
            var measurement = await Workloads.Parse(options.Measure!).RunAsync(options.Database!, options, period, rules);
            await File.WriteAllTextAsync(options.ResultFile!, JsonSerializer.Serialize(measurement));
            return 0;
        }
        catch (BenchCheckException e)
        {
            await Console.Error.WriteLineAsync($"CHECK FAILED: {e.Message}");
            return 2;
        }
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
