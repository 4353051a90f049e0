using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Posting;
using MonthEnd.Operations.Import;

namespace MonthEnd.Cli.Commands;

/// <summary>monthend import premiums|claims FILE [--validate-only]: all rows or none (docs/operations-import.md).</summary>
internal static class ImportCommand
{
    public static Command Create(Option<string?> db)
    {
        var kind = new Argument<string>("kind") { Description = "premiums or claims: the source table the file's rows go to" };
        kind.AcceptOnlyFromAmong("premiums", "claims");
        var file = new Argument<string>("file") { Description = "The CSV file (UTF-8, header, RFC 4180; see docs/operations-import.md)" };
        var validateOnly = new Option<bool>("--validate-only") { Description = "Check every row and write nothing" };
        var rules = CliOptions.Rules();
        var json = CliOptions.Json();
        var command = new Command("import",
            "Import source rows from a CSV file, all or none: every bad row is listed with its line, column and rule (exit 0 imported, 2 not)")
        {
            kind, file, validateOnly, rules, json,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var ruleSet = CliOptions.LoadRules(parse.GetValue(rules));
            var request = new ImportRequest(parse.GetValue(kind) == "claims" ? SourceKind.Claim : SourceKind.Premium, parse.GetValue(file)!,
                parse.GetValue(validateOnly), ruleSet);
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var report = await host.Get<ImportOperations>().ImportAsync(caller, request, ct);
            var code = report.Valid ? ExitCode.Ok : ExitCode.InvalidSource;
            if (parse.GetValue(json))
            {
                Json.Write(View(report, code));
            }
            else
            {
                Print(report);
            }

            return code;
        }));
        return command;
    }

    private static void Print(ImportReport report)
    {
        var kind = ImportOperations.KindName(report.Kind);
        foreach (var finding in report.Findings)
        {
            Console.WriteLine($"  {finding}");
        }

        if (!report.Valid)
        {
            var more = report.FindingCount > report.Findings.Count ? $" (the first {report.Findings.Count:N0} listed)" : "";
            Console.WriteLine($"{report.File}: {report.FindingCount:N0} findings{more} in {report.Records:N0} records; nothing imported");
        }
        else if (report.ValidateOnly)
        {
            Console.WriteLine($"{report.File}: {report.Records:N0} {kind} records, all valid; nothing written (--validate-only)");
        }
        else
        {
            Console.WriteLine($"{report.File}: imported {report.Imported:N0} {kind}");
        }
    }

    private static object View(ImportReport report, int code) => new
    {
        kind = ImportOperations.KindName(report.Kind),
        file = report.File,
        valid = report.Valid,
        validate_only = report.ValidateOnly,
        records = report.Records,
        imported = report.Imported,
        exit_code = code,
        result = ExitCode.Name(code),
        finding_count = report.FindingCount,
        findings = report.Findings.Select(f => new { line = f.Line, column = f.Column, rule = f.Rule, message = f.Message }).ToArray(),
    };
}
