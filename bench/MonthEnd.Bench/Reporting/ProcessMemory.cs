using System.Runtime;

namespace MonthEnd.Bench.Reporting;

/// <summary>
/// This process's peak resident memory (VmHWM) per measured run: Linux lets a process reset its
/// high-water mark (/proc/self/clear_refs), so runs measured one after another in one process do
/// not inherit each other's peak. Elsewhere the peak is the process's lifetime peak.
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Returns what the last run left to the runtime, then starts a new high-water mark.</summary>
    public static void Reset()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak stays the process's lifetime peak.
        }
    }

    /// <summary>Peak resident set size since the last <see cref="Reset"/>, in bytes.</summary>
    public static long PeakResident()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
