using MonthEnd.Cli.Output;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;

namespace MonthEnd.Cli.Commands;

/// <summary>Runs a command body and turns the errors a user can cause into a message and an exit code.</summary>
internal static class CommandAction
{
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCode.Usage;
        }
        catch (RuleSetException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCode.InvalidSource;
        }
        catch (Exception e) when (e is BatchStateException or BatchConflictException or RuleSetConflictException or BatchTransitionException
                                       or SchemaOutdatedException or StoreBusyException)
        {
            await Console.Error.WriteLineAsync($"refused: {e.Message}");
            return ExitCode.Refused;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return ExitCode.NotFinished;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("MONTHEND_DEBUG") is null)
        {
            await Console.Error.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}");
            return ExitCode.Error;
        }
    }
}
