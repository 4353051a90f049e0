using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Operations.Reversal;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// reverse: asks for a committed batch to be reversed by compensating entries, a four-eyes request
/// that another batch_admin approves with `monthend approve ID` (which then runs the reversal batch).
/// </summary>
internal static class ReverseCommand
{
    public static Command Create(Option<string?> db)
    {
        var batchId = CliOptions.BatchId(required: true);
        var date = new Option<string?>("--date")
        {
            Description = "The reversal entries' date, YYYY-MM-DD, in an open accounting period and not before the batch's period", Required = true,
        };
        var resetSource = new Option<bool>("--reset-source")
        {
            Description = "Also make the batch's source rows unprocessed again, so that a new run of their period posts them anew",
        };
        var reason = new Option<string?>("--reason") { Description = "Why; required, recorded with the request and in the audit trail", Required = true };
        var command = new Command("reverse",
            "Reverse a committed batch by compensating entries (debit and credit swapped), as a new REVERSAL batch (reverse_batch, four-eyes)")
        {
            batchId, date, resetSource, reason,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var request = await host.Get<ReversalOperations>().RequestAsync(
                caller, parse.GetValue(batchId), parse.GetValue(date), parse.GetValue(resetSource), parse.GetValue(reason), ct);
            UserCommands.Pending(request);
            return 0;
        }));
        return command;
    }
}
