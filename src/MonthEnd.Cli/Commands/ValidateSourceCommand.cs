using System.CommandLine;
using System.Text.Json;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Source;

namespace MonthEnd.Cli.Commands;

internal static class ValidateSourceCommand
{
    public static Command Create(Option<string?> db)
    {
        var period = CliOptions.Period();
        var rules = CliOptions.Rules();
        var json = CliOptions.Json();
        var command = new Command("validate-source", "Check the period's source records against every rule; list each invalid one (exit 0 clean, 2 not)")
        {
            period, rules, json,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(async () =>
        {
            var p = CliOptions.ParsePeriod(parse.GetValue(period)!);
            var ruleSet = CliOptions.LoadRules(parse.GetValue(rules));
            await using var store = await StoreFactory.OpenInitialisedAsync(StoreFactory.Resolve(parse.GetValue(db)), ct);
            var asJson = parse.GetValue(json);
            using var output = asJson ? new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true }) : null;
            output?.WriteStartObject();
            output?.WriteString("period", p.ToString());
            output?.WriteStartArray("violations");
            // One snapshot, as the pre-flight reads it: the period's rows, then the rows of any period
            // whose date is no date and the period's ids an earlier batch already posted.
            var scan = await store.ReadSourceSnapshotAsync(p, (source, token) => SourcePass.ScanAsync(source, ruleSet,
                onViolation: v =>
                {
                    if (output is null)
                    {
                        ConsoleReport.Violation(v);
                        return;
                    }

                    output.WriteStartObject();
                    output.WriteString("source", v.Kind.ToString().ToUpperInvariant());
                    output.WriteString("record", v.Record);
                    output.WriteString("rule", v.Rule);
                    output.WriteString("message", v.Message);
                    output.WriteEndObject();
                }, ct: token), ct);
            if (output is not null)
            {
                output.WriteEndArray();
                output.WriteBoolean("valid", scan.IsValid);
                output.WriteNumber("violation_count", scan.ViolationCount);
                output.WriteNumber("premiums_to_post", scan.Totals.PremiumCount);
                output.WriteNumber("claims_to_post", scan.Totals.ClaimCount);
                output.WriteString("premium_total", scan.Totals.PremiumTotal.ToPlainString());
                output.WriteString("claim_total", scan.Totals.ClaimTotal.ToPlainString());
                output.WriteString("source_checksum", scan.Checksum);
                output.WriteEndObject();
                await output.FlushAsync(ct);
                Console.WriteLine();
            }
            else
            {
                Console.WriteLine(scan.IsValid
                    ? $"{p}: source is valid: {scan.Totals.PremiumCount:N0} premiums ({scan.Totals.PremiumTotal} IDR) and {scan.Totals.ClaimCount:N0} claims ({scan.Totals.ClaimTotal} IDR) to post; checksum {scan.Checksum}"
                    : $"{p}: {scan.ViolationCount:N0} invalid source records; the batch will be refused until they are fixed");
            }

            return scan.IsValid ? ExitCode.Ok : ExitCode.InvalidSource;
        }));
        return command;
    }
}
