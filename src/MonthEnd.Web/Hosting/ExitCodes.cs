namespace MonthEnd.Web.Hosting;

/// <summary>
/// The CLI's exit codes that the web's answers carry (problem details' <c>exit_code</c>), so a script
/// reads a refusal the same way from either interface. The numbers are the CLI's own
/// (MonthEnd.Cli.Output.ExitCode; a test holds the two equal).
/// </summary>
public static class ExitCodes
{
    public const int Error = 1;
    public const int InvalidSource = 2;
    public const int ValidationFailed = 3;
    public const int Refused = 4;
    public const int NotFinished = 5;
    public const int NotSignedIn = 6;
    public const int Denied = 7;
    public const int Usage = 64;
}
