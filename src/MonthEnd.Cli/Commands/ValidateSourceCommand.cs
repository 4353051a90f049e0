using System.CommandLine;
using System.Text.Json;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Source;
using MonthEnd.Operations.Source;

namespace MonthEnd.Cli.Commands;

internal static class ValidateSourceCommand
{
    public static Command Create(Option<string?> db)
    {
        var period = CliOptions.Period();
        var rules = CliOptions.Rules();
        var json = CliOptions.Json();
        var command = new Command("validate-source", "Check the period's source records against every rule; list each invalid record with every rule it breaks (exit 0 clean, 2 not)")
        {
            period, rules, json,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var p = CliOptions.ParsePeriod(parse.GetValue(period)!);
            var ruleSet = CliOptions.LoadRules(parse.GetValue(rules));
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var asJson = parse.GetValue(json);
            using var output = asJson ? new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true }) : null;
            output?.WriteStartObject();
            output?.WriteString("period", p.ToString());
            output?.WriteStartArray("invalid_records");
            var records = new RecordStream(host.Get<SourceFindings>(), record =>
            {
                if (output is null)
                {
                    Console.WriteLine($"  {record}");
                    return;
                }

                JsonSerializer.Serialize(output, InvalidRecords.View(record), Json.Options);
            });

            // One snapshot, as the pre-flight reads it: the period's rows, then the rows of any period
            // whose date is no date and the period's ids an earlier batch already posted.
            var scan = await host.Get<SourceOperations>().ValidateAsync(caller, p, ruleSet, records.Add, ct);
            records.Flush();
            if (output is not null)
            {
                output.WriteEndArray();
                output.WriteBoolean("valid", scan.IsValid);
                output.WriteNumber("exit_code", scan.IsValid ? ExitCode.Ok : ExitCode.InvalidSource);
                output.WriteNumber("invalid_record_count", scan.InvalidRecordCount);
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
                    : $"{p}: {scan.InvalidRecordCount:N0} invalid source records ({scan.ViolationCount:N0} broken rules); the batch will be refused until they are fixed");
            }

            return scan.IsValid ? ExitCode.Ok : ExitCode.InvalidSource;
        }));
        return command;
    }

    /// <summary>Collects a record's findings (the scan reports them one after another) and hands each record on whole.</summary>
    private sealed class RecordStream(SourceFindings findings, Action<InvalidRecord> onRecord)
    {
        private readonly List<SourceFinding> _pending = [];

        public void Add(SourceViolation v)
        {
            var finding = findings.Show(v);
            if (_pending.Count > 0 && !InvalidRecords.SameRecord(_pending[0], finding))
            {
                Flush();
            }

            _pending.Add(finding);
        }

        public void Flush()
        {
            if (_pending.Count > 0)
            {
                onRecord(new InvalidRecord([.. _pending]));
                _pending.Clear();
            }
        }
    }
}
