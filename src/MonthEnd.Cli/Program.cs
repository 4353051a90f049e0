using MonthEnd.Core.Text;
using System.CommandLine;
using MonthEnd.Cli.Commands;
using MonthEnd.Cli.Output;

var db = CliOptions.Db();
var root = new RootCommand("monthend: the takaful month-end batch (premiums and claims to balanced journal entries, fund balances, all or nothing)")
{
    db,
};
root.Subcommands.Add(InitCommand.Create(db));
root.Subcommands.Add(GenerateCommand.Create(db));
root.Subcommands.Add(ValidateSourceCommand.Create(db));
root.Subcommands.Add(PreflightCommand.Create(db));
root.Subcommands.Add(ImportCommand.Create(db));
root.Subcommands.Add(RunCommand.Create(db));
root.Subcommands.Add(DryRunCommand.Create(db));
root.Subcommands.Add(StatusCommand.Create(db));
root.Subcommands.Add(WorkerCommand.Create(db));
root.Subcommands.Add(PartitionCommands.Create(db));
root.Subcommands.Add(ControlCommands.Pause(db));
root.Subcommands.Add(ControlCommands.Resume(db));
root.Subcommands.Add(ControlCommands.Abort(db));
root.Subcommands.Add(RollbackCommand.Create(db));
root.Subcommands.Add(ReverseCommand.Create(db));
root.Subcommands.Add(PeriodCommands.Create(db));
root.Subcommands.Add(UserCommands.Create(db));
root.Subcommands.Add(TokenCommands.Create(db));
root.Subcommands.Add(ApprovalCommands.Approve(db));
root.Subcommands.Add(ApprovalCommands.Reject(db));
root.Subcommands.Add(ApprovalCommands.Requests(db));
root.Subcommands.Add(AuditCommands.Create(db));
root.Subcommands.Add(ReportCommand.Create(db));
root.Subcommands.Add(NotifyCommand.Create(db));
root.Subcommands.Add(DemoCommand.Create(db));
root.Subcommands.Add(ServeCommand.Create(db));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // The parser quotes the tokens it could not take as they were typed: make them inert and short.
    var messages = parsed.Errors.Select(e => parsed.Tokens.Aggregate(e.Message, (m, t) => t.Value.Length > 60 || t.Value.Any(Shown.IsUnsafe)
        ? m.Replace($"'{t.Value}'", Shown.Quote(t.Value), StringComparison.Ordinal) : m)).Select(m => Shown.Inert(ParseErrors.Plain(m))).ToList();
    if (CommandAction.WantsJson(parsed))
    {
        CommandAction.Failure(ExitCode.Usage, string.Join("; ", messages) + "; see: monthend --help");
        return ExitCode.Usage;
    }

    foreach (var message in messages)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
    }

    await Console.Error.WriteLineAsync("see: monthend --help");
    return ExitCode.Usage;
}

Interruption.Listen();

// SIGINT/SIGTERM cancel the command's token (Interruption, not System.CommandLine's own handler,
// so the command learns which signal it was); a run or a worker stops at its chunk boundary (a
// chunk being written rolls back) and says how to carry on. A second signal ends the process.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, Interruption.Token);
