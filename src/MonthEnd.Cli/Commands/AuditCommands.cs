using System.CommandLine;
using System.Globalization;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Audit;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Cli.Commands;

/// <summary>monthend audit verify | head | export: the auditor's tools (docs/security.md).</summary>
internal static class AuditCommands
{
    public static Command Create(Option<string?> db)
    {
        var command = new Command("audit", "Verify the tamper-evident audit trail and the sealed ledgers, print its head, export it");
        command.Subcommands.Add(Verify(db));
        command.Subcommands.Add(Head(db));
        command.Subcommands.Add(Export(db));
        return command;
    }

    private static Command Verify(Option<string?> db)
    {
        var expect = new Option<string?>("--expect-head") { Description = "The head kept from an earlier `audit head` (AUDIT_ID:MAC): rows deleted from the end are found too" };
        var json = CliOptions.Json();
        var command = new Command("verify", "Recompute the trail's chain and every batch seal from the ledger; name the first row or entry edited, inserted or deleted (exit 8 when any)")
        {
            expect, json,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var head = parse.GetValue(expect) is { } text ? ParseHead(text) : null;
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var report = await host.Get<AuditOperations>().VerifyAsync(caller, head, ct);
            var code = report.Intact ? ExitCode.Ok : ExitCode.AuditBroken;
            if (parse.GetValue(json))
            {
                Json.Write(new
                {
                    result = ExitCode.Name(code),
                    exit_code = code,
                    intact = report.Intact,
                    chain = new { rows_verified = report.Chain.RowsVerified, head = report.Chain.Head?.ToString(), problem = report.Chain.Problem?.Message, audit_id = report.Chain.Problem?.AuditId },
                    seals = report.Seals.Select(s => new { batch_id = s.BatchId, intact = s.Intact, problems = s.Problems.Select(p => new { kind = p.Kind.ToString(), partition = p.PartitionNo, je_number = p.JeNumber, p.Message }) }),
                    unsealed_batches = report.Unsealed,
                    unreadable_seals = report.UnreadableSeals,
                    rolled_back_batches = report.RolledBack,
                });
                return code;
            }

            Console.WriteLine(report.Chain.Intact
                ? $"trail: {report.Chain.RowsVerified:N0} rows verified, head {report.Chain.Head}"
                : $"trail: BROKEN after {report.Chain.RowsVerified:N0} good rows: {report.Chain.Problem!.Message}");
            foreach (var seal in report.Seals)
            {
                Console.WriteLine(seal.Intact ? $"batch {seal.BatchId}: ledger matches its seal" : $"batch {seal.BatchId}: LEDGER CHANGED: {seal.Summary()}");
            }

            foreach (var batch in report.Unsealed)
            {
                Console.WriteLine($"batch {batch}: COMMITTED but not sealed in the trail (run the period again to seal it, or find who removed the seal)");
            }

            foreach (var problem in report.UnreadableSeals)
            {
                Console.WriteLine(problem);
            }

            foreach (var batch in report.RolledBack)
            {
                Console.WriteLine($"batch {batch}: its ledger was rolled back under four-eyes (in the trail); its seal is no longer checked");
            }

            Console.WriteLine(report.Intact ? "audit verify: intact" : "audit verify: FAILED");
            return code;
        }));
        return command;
    }

    private static Command Head(Option<string?> db)
    {
        var command = new Command("head", "Print the chain's head (AUDIT_ID:MAC); keep it outside the database for a later `audit verify --expect-head`");
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var head = await host.Get<AuditOperations>().HeadAsync(caller, ct);
            Console.WriteLine(head?.ToString() ?? "the trail is empty");
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Export(Option<string?> db)
    {
        var from = new Option<string?>("--from") { Description = "First day (YYYY-MM-DD, UTC), inclusive" };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD, UTC), inclusive" };
        var batchId = CliOptions.BatchId(description: "Only the rows of this batch");
        var format = new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command("export", "Write the trail's rows (with their MACs) as CSV or JSON to standard output (export_audit_logs)") { from, to, batchId, format };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var query = new AuditQuery(Day(parse.GetValue(from), "--from"), Day(parse.GetValue(to), "--to")?.AddDays(1), parse.GetValue(batchId));
            if (query.From > query.To)
            {
                throw CliError.Usage("--from is after --to");
            }

            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var rows = await host.Get<AuditOperations>().ExportAsync(caller, query, ct);
            if (parse.GetValue(format) == "json")
            {
                Json.Write(new { rows = rows.Select(AuditExport.View) });
            }
            else
            {
                await AuditExport.WriteCsvAsync(Console.Out, rows);
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static AuditHead ParseHead(string text)
    {
        try
        {
            return AuditHead.Parse(text);
        }
        catch (FormatException e)
        {
            throw new InvalidArgumentException("--expect-head", e.Message);
        }
    }

    private static DateTimeOffset? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw CliError.Usage($"{option} {MonthEnd.Core.Text.Shown.Quote(text)} is not a day: write YYYY-MM-DD");
}
