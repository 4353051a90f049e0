using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Engine;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Source;

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
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var settings = timing.Apply(parse, new RunSettings { Workers = CliOptions.NotNegative(parse, workers), ChunkSize = CliOptions.Positive(parse, chunk) });
            var asked = new RunRequest(CliOptions.ParsePeriod(parse.GetValue(period)!), parse.GetValue(batchId),
                CliOptions.LoadRules(parse.GetValue(rules)), "", settings);
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var request = asked with { InitiatedBy = caller.User };
            var connection = host.Connection;
            var batches = host.Get<BatchOperations>();
            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                Console.WriteLine($"month-end {request.Period} on {host.Store.Description} as {caller.User}, {settings.Workers} workers, chunks of {settings.ChunkSize:N0}");
                if (settings.Workers == 0)
                {
                    Console.WriteLine("--workers 0: after planning, this run stages nothing itself; it waits for worker processes to stage every partition, " +
                                      $"then validates and commits. Start them with: monthend worker{RunHints.DbArgument(connection)} (as many as wanted, on any machine that reaches the database)");
                }
            }

            BatchRunResult result;
            try
            {
                result = await ProgressDisplay.RunAsync(asJson, progress => batches.RunAsync(caller, request, progress, ct));
            }
            catch (Exception e) when (Interruption.Signal is not null && (e is OperationCanceledException || ct.IsCancellationRequested))
            {
                throw await RunHints.InterruptedAsync(batches, caller, request, connection, e);
            }

            Report(result, request, connection, asJson, host.Get<SourceFindings>());
            return ExitCode.Of(result.Outcome.Result);
        }));
        return command;
    }

    internal static void Report(BatchRunResult result, RunRequest request, string connection, bool asJson, SourceFindings findings)
    {
        var outcome = result.Outcome;
        var hint = RunHints.For(outcome, request, connection);
        if (!asJson)
        {
            ConsoleReport.Outcome(outcome, findings);
            if (hint is not null)
            {
                Console.WriteLine(hint);
            }

            return;
        }

        Json.Write(new
        {
            result = outcome.Result.ToString().ToUpperInvariant(),
            exit_code = ExitCode.Of(outcome.Result),
            message = outcome.Message,
            hint,
            limit = outcome.Limit is null ? null : new { name = outcome.Limit.Limit, allowed = outcome.Limit.Allowed, asked = outcome.Limit.Asked, reason = outcome.Limit.Reason },
            batch = outcome.Batch is null ? null : BatchView.Of(outcome.Batch),
            validation = outcome.Validation?.Checks.Select(CheckView.Of),
            invalid_source = outcome.InvalidSource is null ? null : new
            {
                invalid_record_count = outcome.InvalidSource.InvalidRecordCount,
                violation_count = outcome.InvalidSource.ViolationCount,
                records = InvalidRecords.Group(outcome.InvalidSource.FirstViolations, findings).Select(InvalidRecords.View),
            },
            ledger = result.Ledger is null ? null : LedgerView.Of(result.Ledger),
            fund_balances = FundView.Of(result.FundBalances),
            phase_seconds = outcome.PhaseTimes?.ToDictionary(t => t.Key.ToString().ToLowerInvariant(), t => Math.Round(t.Value.TotalSeconds, 3)),
        });
    }
}
