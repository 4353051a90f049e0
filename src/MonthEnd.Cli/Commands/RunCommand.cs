using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Storage;

namespace MonthEnd.Cli.Commands;

internal static class RunCommand
{
    public static Command Create(Option<string?> db)
    {
        var period = CliOptions.Period();
        var batchId = CliOptions.BatchId();
        var workers = new Option<int>("--workers") { Description = "In-process workers (0: plan and wait for `monthend worker` processes)", DefaultValueFactory = _ => new RunSettings().Workers };
        var chunk = new Option<int>("--chunk-size") { Description = "Source records per chunk (one transaction each)", DefaultValueFactory = _ => RunSettings.DefaultChunkSize };
        var rules = CliOptions.Rules();
        var json = CliOptions.Json();
        var timing = LeaseOptions.Create();
        var command = new Command("run", "Run the month-end batch of a period, or resume it; exit 0 only when COMMITTED")
        {
            period, batchId, workers, chunk, rules, json, timing.Lease, timing.Heartbeat,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(async () =>
        {
            var settings = timing.Apply(parse, new RunSettings { Workers = parse.GetValue(workers), ChunkSize = parse.GetValue(chunk) });
            if (settings.Workers < 0 || settings.ChunkSize < 1)
            {
                throw new FormatException("--workers must be 0 or more and --chunk-size at least 1");
            }

            var request = new RunRequest(CliOptions.ParsePeriod(parse.GetValue(period)!), parse.GetValue(batchId),
                CliOptions.LoadRules(parse.GetValue(rules)), Environment.UserName, settings);
            await using var store = await StoreFactory.OpenInitialisedAsync(StoreFactory.Resolve(parse.GetValue(db)), ct);
            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                Console.WriteLine($"month-end {request.Period} on {store.Description}, {settings.Workers} workers, chunks of {settings.ChunkSize:N0}");
            }

            var outcome = await ProgressDisplay.RunAsync(asJson, progress => new MonthEndRunner(store, progress).RunAsync(request, ct));
            await Report(store, outcome, asJson, ct);
            return ExitCode.Of(outcome.Result);
        }));
        return command;
    }

    internal static async Task Report(IMonthEndStore store, RunOutcome outcome, bool asJson, CancellationToken ct)
    {
        if (!asJson)
        {
            ConsoleReport.Outcome(outcome);
            return;
        }

        Json.Write(new
        {
            result = outcome.Result.ToString().ToUpperInvariant(),
            message = outcome.Message,
            batch = outcome.Batch is null ? null : BatchView.Of(outcome.Batch),
            validation = outcome.Validation?.Checks.Select(CheckView.Of),
            invalid_source = outcome.InvalidSource is null ? null : new
            {
                violation_count = outcome.InvalidSource.ViolationCount,
                violations = outcome.InvalidSource.FirstViolations.Select(v => new { source = v.Kind.ToString().ToUpperInvariant(), v.Record, v.Rule, v.Message }),
            },
            ledger = outcome.Result == RunResult.Committed ? LedgerView.Of(await store.SummarizeLedgerAsync(outcome.Batch!.BatchId, ct)) : null,
            fund_balances = FundView.Of(await store.GetFundBalancesAsync(ct)),
            phase_seconds = outcome.PhaseTimes?.ToDictionary(t => t.Key.ToString().ToLowerInvariant(), t => Math.Round(t.Value.TotalSeconds, 3)),
        });
    }
}
