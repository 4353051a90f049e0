using System.Runtime.InteropServices;
using MonthEnd.Cli.Output;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// Remembers which signal asked the process to stop (Ctrl-C is SIGINT, a service manager sends
/// SIGTERM), so a command that stops because of it can say so and exit with the code scripts
/// expect (128 + the signal's number). System.CommandLine itself cancels the command's token.
/// </summary>
internal static class Interruption
{
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static volatile string? _signal;

    /// <summary>"SIGINT" or "SIGTERM" once one arrived, otherwise null.</summary>
    public static string? Signal => _signal;

    public static int ExitCode => _signal == "SIGTERM" ? Output.ExitCode.Terminated : Output.ExitCode.Interrupted;

    public static void Listen()
    {
        // Only noted here: System.CommandLine's own handler cancels the token and keeps the process alive.
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => _signal ??= "SIGINT"));
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => _signal ??= "SIGTERM"));
    }
}
