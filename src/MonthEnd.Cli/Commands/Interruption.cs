using System.Runtime.InteropServices;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// Turns the first SIGINT (Ctrl-C) or SIGTERM (a service manager's stop) into a cancellation of
/// the command, remembering which signal it was, so the command can stop at a chunk boundary, say
/// what it stopped and how to carry on, and exit with the code scripts expect (128 + the signal's
/// number). A second signal is left to the runtime's default: it ends the process at once.
/// </summary>
internal static class Interruption
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static volatile string? _signal;

    /// <summary>"SIGINT" or "SIGTERM" once one arrived, otherwise null.</summary>
    public static string? Signal => _signal;

    public static int ExitCode => _signal == "SIGTERM" ? Operations.Access.ExitCode.Terminated : Operations.Access.ExitCode.Interrupted;

    /// <summary>Cancelled by the first signal; every command runs under it.</summary>
    public static CancellationToken Token => Source.Token;

    public static void Listen()
    {
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, "SIGINT")));
        Registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, "SIGTERM")));
    }

    private static void Stop(PosixSignalContext context, string signal)
    {
        if (_signal is not null)
        {
            return;
        }

        _signal = signal;
        context.Cancel = true;
        Source.Cancel();
    }
}
