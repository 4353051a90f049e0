using System.Diagnostics;

namespace MonthEnd.Core.Engine;

/// <summary>
/// Worker names are host/pid/name, so a process on the same machine can tell that a lease's owner
/// is dead (its pid is gone) and take the partition over at once instead of waiting out the lease.
/// </summary>
public static class WorkerIdentity
{
    public static string For(string name) => $"{Environment.MachineName}/{Environment.ProcessId}/{name}";

    /// <summary>True only when the owner certainly ran on this machine and its process no longer exists.</summary>
    public static bool IsDeadLocalOwner(string? owner)
    {
        if (owner is null)
        {
            return false;
        }

        var parts = owner.Split('/');
        if (parts.Length < 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
