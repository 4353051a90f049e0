using MonthEnd.Core.DryRuns;
using MonthEnd.Core.Engine;

namespace MonthEnd.Operations.Access;

/// <summary>The outcome codes scripts rely on, the same from both hosts: the CLI's exit status and the web API's problem-details exit_code (docs/operations.md lists them).</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int InvalidSource = 2;
    public const int ValidationFailed = 3;
    public const int Refused = 4;
    public const int NotFinished = 5;

    /// <summary>No identity, or one that could not be signed in (unknown, wrong password, locked, expired): nothing was done.</summary>
    public const int NotSignedIn = 6;

    /// <summary>Signed in, but the user's roles do not grant the permission: nothing was done, the refusal is audited.</summary>
    public const int Denied = 7;

    /// <summary>audit verify found the trail or a sealed ledger changed.</summary>
    public const int AuditBroken = 8;

    /// <summary>dry-run: the batch committed on the copy, but above 90 minutes or below the throughput target.</summary>
    public const int DryRunWarning = 9;

    /// <summary>dry-run: DO NOT PROCEED: pre-flight refused the batch, a validation check failed, or it did not commit on the copy.</summary>
    public const int DoNotProceed = 10;
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

    public static int Of(DryRunVerdict verdict) => verdict switch
    {
        DryRunVerdict.Proceed => Ok,
        DryRunVerdict.Warning => DryRunWarning,
        _ => DoNotProceed,
    };

    /// <summary>The word --json output gives an exit code, for scripts that read the text rather than the status.</summary>
    public static string Name(int code) => code switch
    {
        Ok => "OK",
        InvalidSource => "INVALID_INPUT",
        ValidationFailed => "VALIDATION_FAILED",
        Refused => "REFUSED",
        NotFinished => "NOT_FINISHED",
        NotSignedIn => "NOT_SIGNED_IN",
        Denied => "DENIED",
        AuditBroken => "AUDIT_BROKEN",
        DryRunWarning => "WARNING",
        DoNotProceed => "DO_NOT_PROCEED",
        Usage => "USAGE",
        Interrupted or Terminated => "INTERRUPTED",
        _ => "ERROR",
    };
}
