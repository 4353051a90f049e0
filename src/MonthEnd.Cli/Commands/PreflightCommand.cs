using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Engine;
using MonthEnd.Operations.Preflights;
using Spectre.Console;

namespace MonthEnd.Cli.Commands;

/// <summary>preflight: every check of SOP 1 step 2, each PASS/WARN/FAIL with its reason; exit 0 when none failed, 4 otherwise.</summary>
internal static class PreflightCommand
{
    public static Command Create(Option<string?> db)
    {
        var period = CliOptions.Period();
        var rules = CliOptions.Rules();
        var json = CliOptions.Json();
        var command = new Command("preflight",
            "Check that the period's batch can start: period open, earlier batches done, source valid, no active batch, database writable and fast enough, disk space (exit 0 all pass, 4 any FAIL)")
        {
            period, rules, json,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var p = CliOptions.ParsePeriod(parse.GetValue(period)!);
            var ruleSet = CliOptions.LoadRules(parse.GetValue(rules));
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var report = await host.Get<PreflightOperations>().CheckAsync(caller, p, ruleSet, ct);
            var exit = report.Passed ? ExitCode.Ok : ExitCode.Refused;
            if (parse.GetValue(json))
            {
                Json.Write(new
                {
                    period = p.ToString(),
                    passed = report.Passed,
                    exit_code = exit,
                    checks = report.Checks.Select(c => new { name = c.Name, verdict = Verdict(c.Verdict), reason = c.Reason }),
                });
                return exit;
            }

            var table = new Table().AddColumns("Check", "Result", "Reason");
            foreach (var check in report.Checks)
            {
                table.AddRow(check.Name, Colored(check.Verdict), Markup.Escape(check.Reason));
            }

            AnsiConsole.Write(table);
            Console.WriteLine(report.Passed
                ? $"{p}: pre-flight PASSED; the batch may start"
                : $"{p}: pre-flight FAILED ({report.Checks.Count(c => c.Verdict == CheckVerdict.Fail)} checks): do not start the batch; fix and run pre-flight again");
            return exit;
        }));
        return command;
    }

    private static string Verdict(CheckVerdict verdict) => verdict.ToString().ToUpperInvariant();

    private static string Colored(CheckVerdict verdict) => verdict switch
    {
        CheckVerdict.Pass => "[green]PASS[/]",
        CheckVerdict.Warn => "[yellow]WARN[/]",
        _ => "[red]FAIL[/]",
    };
}
