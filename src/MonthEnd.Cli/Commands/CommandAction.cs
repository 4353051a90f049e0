using System.CommandLine;
using System.Data.Common;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Import;
using MonthEnd.Core.Rollback;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;
using MonthEnd.Operations.Import;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// Runs a command body and turns the errors a user can cause into a message and an exit code:
/// one line on standard error, or with --json one JSON object on standard output.
/// </summary>
internal static class CommandAction
{
    public static async Task<int> Guard(ParseResult parse, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("MONTHEND_DEBUG") is null || e is CliError or FormatException)
        {
            var (code, prefix, raw) = Classify(e);
            var message = Shown.Inert(raw);
            if (WantsJson(parse))
            {
                Failure(code, message);
            }
            else
            {
                await Console.Error.WriteLineAsync($"{prefix}: {message}");
            }

            return code;
        }
    }

    /// <summary>Whether the command line asked for --json (also when parsing it failed).</summary>
    public static bool WantsJson(ParseResult parse) => parse.Tokens.Any(t => t.Value == "--json");

    /// <summary>An outcome that is not a success, as --json gives it: result, exit code, message.</summary>
    public static void Failure(int code, string message) =>
        Json.Write(new { result = ExitCode.Name(code), exit_code = code, message });

    private static (int Code, string Prefix, string Message) Classify(Exception e) => e switch
    {
        CliError c => (c.ExitCode, c.ExitCode switch { ExitCode.Refused => "refused", ExitCode.Interrupted or ExitCode.Terminated => "interrupted", _ => "error" }, c.Message),
        FormatException => (ExitCode.Usage, "error", e.Message),
        InvalidArgumentException => (ExitCode.Usage, "error", e.Message),
        SignInFailedException => (ExitCode.NotSignedIn, "not signed in", e.Message),
        AccessDeniedException => (ExitCode.Denied, "denied", e.Message),
        OperationRefusedException or ApprovalStateException or UserExistsException or NoSuchUserException => (ExitCode.Refused, "refused", e.Message),
        AuditKeyException => (ExitCode.Error, "error", e.Message),
        RuleSetException => (ExitCode.InvalidSource, "error", e.Message),
        ImportFileException or ImportHeaderException => (ExitCode.InvalidSource, "refused", e.Message),
        SchemaOutdatedException => (ExitCode.Refused, "refused", $"{e.Message}; run `monthend init` first (it is safe to repeat)"),
        BatchStateException or BatchConflictException or RuleSetConflictException or BatchTransitionException
            or StoreBusyException or RollbackRefusedException or PeriodStateException => (ExitCode.Refused, "refused", e.Message),
        OperationCanceledException when Interruption.Signal is { } signal
            => (Interruption.ExitCode, "interrupted", $"stopped by {signal}; run the same command again to carry on"),
        OperationCanceledException => (ExitCode.NotFinished, "cancelled", "the command was cancelled"),
        DbException or System.Net.Sockets.SocketException or TimeoutException
            => (ExitCode.Error, "error", $"the database failed or could not be reached: {OneLine(e.Message)}"),
        _ => (ExitCode.Error, "error", $"{e.GetType().Name}: {OneLine(e.Message)}"),
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
