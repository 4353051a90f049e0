using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Batches;

namespace MonthEnd.Cli.Commands;

/// <summary>pause, resume and abort: they change the batch's status; workers obey at their next chunk boundary.</summary>
internal static class ControlCommands
{
    public static Command Pause(Option<string?> db) =>
        Control(db, "pause", "Pause a running batch at the next chunk boundary of every worker", async (store, batch, reason, ct) =>
            await store.MoveAsync(batch.BatchId, batch.Status, BatchStatus.Paused, reason ?? $"paused by {Environment.UserName}", ct));

    public static Command Resume(Option<string?> db) =>
        Control(db, "resume", "Let a paused batch run again (then `monthend run` or workers carry on)", async (store, batch, _, ct) =>
            await store.MoveAsync(batch.BatchId, BatchStatus.Paused, BatchStatus.Running, null, ct));

    public static Command Abort(Option<string?> db) =>
        Control(db, "abort", "Abort an uncommitted batch: the ledger is untouched and its staging is deleted", async (store, batch, reason, ct) =>
            await store.AbortAsync(batch.BatchId, reason ?? $"aborted by {Environment.UserName}", ct));

    private static Command Control(
        Option<string?> db, string name, string description,
        Func<MonthEnd.Core.Storage.IMonthEndStore, BatchRecord, string?, CancellationToken, Task<BatchRecord>> change)
    {
        var batchId = CliOptions.BatchId(required: true);
        var reason = new Option<string?>("--reason") { Description = "Why; recorded with the batch" };
        var command = new Command(name, description) { batchId, reason };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var store = await StoreFactory.OpenInitialisedAsync(StoreFactory.Resolve(parse.GetValue(db)), ct);
            var id = BatchId.Validate(parse.GetValue(batchId));
            var batch = await store.FindBatchAsync(id, ct);
            if (batch is null)
            {
                throw new CliError(Output.ExitCode.Refused, $"no batch {id} (`monthend status` lists the batches)");
            }

            var changed = await change(store, batch, parse.GetValue(reason), ct);
            Console.WriteLine($"batch {changed.BatchId} is {changed.Status.Code()}");
            return 0;
        }));
        return command;
    }
}
