using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Schema;

namespace MonthEnd.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(Option<string?> db)
    {
        var rules = CliOptions.Rules();
        var admin = new Option<string?>("--admin")
        {
            Description = "On a database without users: create this first batch_admin (password from MONTHEND_PASSWORD or a prompt)",
        };
        var command = new Command("init",
            "Create or upgrade the schema, the default chart of accounts, templates, fund rows and the audit key (safe to repeat); " +
            "the first run makes the first batch_admin (--admin), later runs need migrate_schema")
        {
            rules, admin,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var ruleSet = CliOptions.LoadRules(parse.GetValue(rules));
            await using var host = await CliHost.StartAsync(parse, db, ct, requireSchema: false);
            var schema = host.Get<SchemaOperations>();
            var adminName = parse.GetValue(admin);
            Caller? caller = null;
            if (await schema.HasUsersAsync(ct) && adminName is null)
            {
                caller = await host.SignInAsync(ct);
            }

            var password = adminName is null ? null : CliIdentity.NewPassword(adminName);
            var result = await schema.InitAsync(caller, adminName, password, ruleSet, CliIdentity.Client, ct);
            Console.WriteLine($"{result.Store}: schema up to date; posting rules version {result.RulesVersion} stored (rule set {result.RuleSetId}, sha256 {result.RulesSha256[..12]}…)");
            if (result.KeyFileCreated)
            {
                Console.WriteLine("audit key file created beside the database (owner-only); back it up apart from the database: without it the trail cannot be verified");
            }

            if (result.AdminCreated is { } made)
            {
                Console.WriteLine($"first batch_admin: {made}; sign in with MONTHEND_USER={made} and MONTHEND_PASSWORD (or a prompt)");
            }
            else if (!result.HasUsers)
            {
                Console.WriteLine("no users yet: create the first batch_admin with: monthend init --admin NAME");
            }

            return 0;
        }));
        return command;
    }
}
