using System.Diagnostics;
using System.Globalization;

namespace MonthEnd.Bench.Reporting;

/// <summary>
/// CPU time over a measured run: this process's, and the whole machine's (/proc/stat). On a quiet
/// machine the difference is the database server's: it tells which side of the wire the time goes.
/// </summary>
internal sealed class CpuMeter
{
    private readonly TimeSpan _process = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly TimeSpan? _machine = MachineBusy();

    /// <summary>(this process, the whole machine) since the meter started; the machine's is null off Linux.</summary>
    public (TimeSpan Process, TimeSpan? Machine) Elapsed()
    {
        var process = Process.GetCurrentProcess().TotalProcessorTime - _process;
        var machine = MachineBusy() is { } now && _machine is { } then ? now - then : (TimeSpan?)null;
        return (process, machine);
    }

    /// <summary>Busy time of all cores: every /proc/stat "cpu" field but idle and iowait.</summary>
    private static TimeSpan? MachineBusy()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busy = fields.Sum() - fields[3] - fields[4];
            return TimeSpan.FromSeconds(busy / 100.0); // USER_HZ
        }
        catch (IOException)
        {
            return null;
        }
    }
}
