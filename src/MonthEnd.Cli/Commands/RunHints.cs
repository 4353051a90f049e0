using MonthEnd.Core.Batches;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Batches;
using MonthEnd.Postgres;

namespace MonthEnd.Cli.Commands;

/// <summary>What to type next after a run, with the real period, batch id and database.</summary>
internal static class RunHints
{
    /// <summary>" --db FILE" for SQLite; for PostgreSQL nothing when it comes from $MONTHEND_DB (a connection string may hold a password).</summary>
    public static string DbArgument(string connection) =>
        !PostgresConnection.IsPostgres(connection) ? $" --db {Quote(connection)}"
        : Environment.GetEnvironmentVariable("MONTHEND_DB") == connection ? ""
        : " --db \"<the same connection string>\"";

    public static string? For(RunOutcome outcome, RunRequest request, string connection)
    {
        var db = DbArgument(connection);
        var id = outcome.Batch?.BatchId;
        return outcome.Result switch
        {
            RunResult.InvalidSource => $"List every invalid record with: monthend validate-source --period {request.Period}{db}",
            RunResult.LimitExceeded when outcome.Limit?.Limit == LimitBreach.Partitions =>
                $"Plan fewer partitions: each in-process worker gets up to {BatchPlanner.PartitionsPerWorker} of premiums and of claims, and a partition " +
                $"holds at least --chunk-size records. For example: monthend run --period {request.Period} --workers {Math.Max(1, outcome.Limit.Allowed / (2 * BatchPlanner.PartitionsPerWorker))}{db}",
            RunResult.Refused when outcome.Batch?.Status == BatchStatus.Failed =>
                $"Discard it and run again: monthend abort --batch-id {id} --reason \"...\"{db}, then monthend run --period {request.Period}{db}",
            RunResult.Paused when outcome.Batch?.Status == BatchStatus.Paused =>
                $"Resume it: monthend resume --batch-id {id}{db}, then monthend run --period {request.Period} --batch-id {id}{db}",
            RunResult.PartitionsFailed => $"After fixing the cause: monthend run --period {request.Period} --batch-id {id}{db}",
            RunResult.ValidationFailed =>
                $"Each check: monthend status --batch-id {id}{db}; then discard it with monthend abort --batch-id {id} --reason \"...\"{db} and run again",
            _ => null,
        };
    }

    /// <summary>A run stopped by SIGINT/SIGTERM: which batch, in what state, and the command that carries on.</summary>
    public static async Task<CliError> InterruptedAsync(BatchOperations batches, Caller caller, RunRequest request, string connection, Exception cause)
    {
        var signal = Interruption.Signal;
        var db = DbArgument(connection);
        BatchRecord? batch = null;
        try
        {
            batch = await batches.FindForRunAsync(caller, request.Period, request.BatchId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The database may be what stopped; the message below still says how to carry on.
        }

        var message = batch switch
        {
            null => $"stopped by {signal} before a batch of {request.Period} was planned; nothing was stored. " +
                    $"Run again: monthend run --period {request.Period}{db}",
            { Status: BatchStatus.Committed } => $"stopped by {signal}; batch {batch.BatchId} is COMMITTED",
            _ => $"stopped by {signal}: batch {batch.BatchId} is {batch.Status.Code()}; nothing reached the ledger, the chunks already staged are kept " +
                 $"(a chunk being written was rolled back). Resume with: monthend run --period {request.Period} --batch-id {batch.BatchId}{db}",
        };
        return new CliError(Interruption.ExitCode, message, cause);
    }

    private static string Quote(string text) => text.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '\\') ? $"'{text.Replace("'", "'\\''")}'" : text;
}
