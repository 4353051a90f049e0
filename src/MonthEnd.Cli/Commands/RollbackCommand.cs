using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Batches;
using MonthEnd.Operations.Rollback;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// rollback: a batch not yet committed at once; a committed one (with --confirm) as a four-eyes
/// request that another batch_admin approves with `monthend approve ID`.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create(Option<string?> db)
    {
        var batchId = CliOptions.BatchId(required: true);
        var reason = new Option<string?>("--reason") { Description = "Why; required, recorded with the batch and in the audit trail", Required = true };
        var confirm = new Option<bool>("--confirm")
        {
            Description = "Roll back a COMMITTED batch: removes its ledger entries, reverses its fund changes and resets its source rows, " +
                "after a backup, once another batch_admin approves (only the latest committed batch)",
        };
        var command = new Command("rollback", "Roll a batch back: staging only when uncommitted; with --confirm, a committed batch's ledger (rollback_batch, four-eyes)")
        {
            batchId, reason, confirm,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var result = await host.Get<RollbackOperations>().RollbackAsync(caller, parse.GetValue(batchId), parse.GetValue(reason), parse.GetValue(confirm), ct);
            if (result.RolledBack is { } batch)
            {
                Console.WriteLine($"batch {batch.BatchId} is {batch.Status.Code()}: its staging is deleted; the ledger is unchanged");
            }

            UserCommands.Pending(result.Request);
            return 0;
        }));
        return command;
    }
}
