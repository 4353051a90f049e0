using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Periods;
using Spectre.Console;

namespace MonthEnd.Cli.Commands;

/// <summary>period list|close|reopen: accounting periods; closing and reopening are four-eyes requests.</summary>
internal static class PeriodCommands
{
    public static Command Create(Option<string?> db)
    {
        var command = new Command("period", "Accounting periods: list them; close or reopen one (close_period, four-eyes)");
        command.Subcommands.Add(List(db));
        command.Subcommands.Add(Change(db, "close", "Ask for a period to be closed to posting; another batch_admin approves",
            (ops, caller, period, reason, ct) => ops.RequestCloseAsync(caller, period, reason, ct)));
        command.Subcommands.Add(Change(db, "reopen", "Ask for a closed period to be reopened; another batch_admin approves",
            (ops, caller, period, reason, ct) => ops.RequestReopenAsync(caller, period, reason, ct)));
        return command;
    }

    private static Command List(Option<string?> db)
    {
        var command = new Command("list", "Every period closed, reopened or batched, newest first, with its batches");
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var periods = await host.Get<PeriodOperations>().ListAsync(caller, ct);
            var table = new Table().AddColumns("Period", "Status", "Changed by", "Changed at", "Reason", "Batches");
            foreach (var view in periods)
            {
                var p = view.Period;
                table.AddRow(
                    p.Period.ToString(), p.Status.Code(), Markup.Escape(p.ChangedBy ?? "-"), p.ChangedAt?.ToString("u") ?? "-",
                    Markup.Escape(p.Reason is null ? "-" : Shown.Quote(p.Reason, 60)),
                    Markup.Escape(string.Join(", ", view.Batches.Select(b => $"{b.BatchId} {b.Status.Code()}"))));
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Change(
        Option<string?> db, string name, string description,
        Func<PeriodOperations, Core.Security.Caller, Period, string?, CancellationToken, Task<Core.Approvals.ApprovalRequest>> request)
    {
        var period = new Argument<string>("period") { Description = "YYYY-MM" };
        var reason = new Option<string?>("--reason") { Description = "Why; required, kept with the request and the period", Required = true };
        var command = new Command(name, description) { period, reason };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var asked = await request(host.Get<PeriodOperations>(), caller, CliOptions.ParsePeriod(parse.GetValue(period)!), parse.GetValue(reason), ct);
            UserCommands.Pending(asked);
            return 0;
        }));
        return command;
    }
}
