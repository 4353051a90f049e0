using System.CommandLine;
using MonthEnd.Cli.Hosting;

namespace MonthEnd.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(Option<string?> db)
    {
        var rules = CliOptions.Rules();
        var command = new Command("init", "Create or upgrade the schema, the default chart of accounts, templates and fund rows (safe to repeat)") { rules };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var ruleSet = CliOptions.LoadRules(parse.GetValue(rules));
            await using var store = StoreFactory.Open(StoreFactory.Resolve(parse.GetValue(db)));
            await store.MigrateAsync(ct);
            var id = await store.SaveRuleSetAsync(ruleSet, ct);
            Console.WriteLine($"{store.Description}: schema up to date; posting rules version {ruleSet.Version} stored (rule set {id}, sha256 {ruleSet.Sha256[..12]}…)");
            return 0;
        }));
        return command;
    }
}
