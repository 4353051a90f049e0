using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Batches;
using MonthEnd.Operations.Batches;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// partition restart: puts a FAILED partition back to work (restart_failed_worker). Worker processes
/// (`monthend worker`) are not restarted by the product: a partition is what fails, and what a worker,
/// running or started later, picks up again.
/// </summary>
internal static class PartitionCommands
{
    public static Command Create(Option<string?> db)
    {
        var command = new Command("partition", "A batch's partitions: restart a failed one (restart_failed_worker)");
        command.Subcommands.Add(Restart(db));
        return command;
    }

    private static Command Restart(Option<string?> db)
    {
        var batchId = CliOptions.BatchId(required: true);
        var partition = new Option<int>("--partition") { Description = "The failed partition's number (status lists them)", Required = true };
        var command = new Command("restart",
            "Put a FAILED partition back to PENDING (lease cleared, redone from its first record) so workers pick it up; its error stays in the lifecycle log")
        {
            batchId, partition,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var restarted = await host.Get<WorkerOperations>().RestartFailedPartitionAsync(caller, parse.GetValue(batchId), parse.GetValue(partition), ct);
            var (batch, p) = (restarted.Batch, restarted.Partition);
            Console.WriteLine($"partition {p.PartitionNo} of batch {batch.BatchId} is {p.Status.Code()} again (attempts so far: {p.Attempts}); " +
                              NextStep(batch, host.Connection));
            return ExitCode.Ok;
        }));
        return command;
    }

    private static string NextStep(BatchRecord batch, string connection) => batch.Status == BatchStatus.Paused
        ? $"the batch is PAUSED: monthend resume --batch-id {batch.BatchId}{RunHints.DbArgument(connection)} lets workers pick it up"
        : $"running workers pick it up; with none running: monthend run --period {batch.Period} --batch-id {batch.BatchId}{RunHints.DbArgument(connection)} or monthend worker{RunHints.DbArgument(connection)}";
}
