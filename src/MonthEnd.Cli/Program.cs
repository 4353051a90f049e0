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
root.Subcommands.Add(RunCommand.Create(db));
root.Subcommands.Add(StatusCommand.Create(db));
root.Subcommands.Add(WorkerCommand.Create(db));
root.Subcommands.Add(ControlCommands.Pause(db));
root.Subcommands.Add(ControlCommands.Resume(db));
root.Subcommands.Add(ControlCommands.Abort(db));
root.Subcommands.Add(DemoCommand.Create());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}");
    }

    await Console.Error.WriteLineAsync("see: monthend --help");
    return ExitCode.Usage;
}

return await parsed.InvokeAsync();
