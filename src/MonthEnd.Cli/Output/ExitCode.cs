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

    public static int Of(RunResult result) => result switch
    {
        RunResult.Committed => Ok,
        RunResult.InvalidSource => InvalidSource,
        RunResult.ValidationFailed => ValidationFailed,
        RunResult.Refused => Refused,
        _ => NotFinished,
    };
}
