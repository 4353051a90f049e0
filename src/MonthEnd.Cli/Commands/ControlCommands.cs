using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Batches;

namespace MonthEnd.Cli.Commands;

/// <summary>pause, resume and abort: they change the batch's status; workers obey at their next chunk boundary.</summary>
internal static class ControlCommands
{
    public static Command Pause(Option<string?> db) =>
        Control(db, "pause", "Pause a running batch at the next chunk boundary of every worker (pause_batch)",
            (ops, caller, id, reason, ct) => ops.PauseAsync(caller, id, reason, ct));

    public static Command Resume(Option<string?> db) =>
        Control(db, "resume", "Let a paused batch run again, then `monthend run` or workers carry on (resume_batch)",
            (ops, caller, id, reason, ct) => ops.ResumeAsync(caller, id, reason, ct));

    public static Command Abort(Option<string?> db) =>
        Control(db, "abort", "Abort an uncommitted batch: the ledger is untouched and its staging is deleted (abort_batch)",
            (ops, caller, id, reason, ct) => ops.AbortAsync(caller, id, reason, ct));

    private static Command Control(
        Option<string?> db, string name, string description,
        Func<BatchOperations, Caller, string?, string?, CancellationToken, Task<BatchRecord>> change)
    {
        var batchId = CliOptions.BatchId(required: true);
        var reason = new Option<string?>("--reason") { Description = "Why; recorded with the batch and in the audit trail" };
        var command = new Command(name, description) { batchId, reason };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var changed = await change(host.Get<BatchOperations>(), caller, parse.GetValue(batchId), parse.GetValue(reason), ct);
            Console.WriteLine($"batch {changed.BatchId} is {changed.Status.Code()}");
            return 0;
        }));
        return command;
    }
}
