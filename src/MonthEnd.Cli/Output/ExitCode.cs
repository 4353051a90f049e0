using MonthEnd.Core.Engine;

namespace MonthEnd.Cli.Output;

/// <summary>The command's exit codes; scripts rely on them (docs/runbook.md lists them).</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int InvalidSource = 2;
    public const int ValidationFailed = 3;
    public const int Refused = 4;
    public const int NotFinished = 5;
    public const int Usage = 64;

    /// <summary>Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;

    public static int Of(RunResult result) => result switch
    {
        RunResult.Committed => Ok,
        RunResult.InvalidSource => InvalidSource,
        RunResult.ValidationFailed => ValidationFailed,
        RunResult.Refused => Refused,
        RunResult.LimitExceeded => Usage,
        _ => NotFinished,
    };

    /// <summary>The word --json output gives an exit code, for scripts that read the text rather than the status.</summary>
    public static string Name(int code) => code switch
    {
        Ok => "OK",
        InvalidSource => "INVALID_INPUT",
        ValidationFailed => "VALIDATION_FAILED",
        Refused => "REFUSED",
        NotFinished => "NOT_FINISHED",
        Usage => "USAGE",
        Interrupted or Terminated => "INTERRUPTED",
        _ => "ERROR",
    };
}
