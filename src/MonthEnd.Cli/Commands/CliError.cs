namespace MonthEnd.Cli.Commands;

/// <summary>An outcome a command reports as a message and an exit code rather than as a failure of the program: a mistake in the command line, a refusal, an interruption.</summary>
internal sealed class CliError(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static CliError Usage(string message, Exception? inner = null) => new(Operations.Access.ExitCode.Usage, message, inner);
}
