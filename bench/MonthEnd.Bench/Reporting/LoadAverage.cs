using System.Diagnostics;
using System.Globalization;

namespace MonthEnd.Bench.Reporting;

/// <summary>The machine's 1-minute load average: other work on a 2-core machine skews every figure.</summary>
internal static class LoadAverage
{
    public static double OneMinute()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Waits until the load is below <paramref name="threshold"/> (0: do not wait), at most <paramref name="patience"/>.</summary>
    public static async Task<double> WaitBelowAsync(double threshold, TimeSpan patience)
    {
        var load = OneMinute();
        if (threshold <= 0 || double.IsNaN(load) || load < threshold)
        {
            return load;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  waiting for the 1-minute load ({load:F2}) to fall below {threshold:F2}…"));
        var waited = Stopwatch.StartNew();
        while ((load = OneMinute()) >= threshold)
        {
            if (waited.Elapsed > patience)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  load still {load:F2} after {patience.TotalMinutes:F0} min: measuring anyway (figures suspect)"));
                return load;
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        return load;
    }
}
