using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Operations.Batches;

namespace MonthEnd.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(Option<string?> db)
    {
        var batchId = CliOptions.BatchId(description: "The batch to show in detail (default: list the 50 most recent batches)");
        var json = CliOptions.Json();
        var command = new Command("status", "Show recent batches, or one batch with its partitions, validation results and ledger totals") { batchId, json };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var batches = host.Get<BatchOperations>();
            var id = parse.GetValue(batchId);
            var asJson = parse.GetValue(json);
            if (id is null)
            {
                var list = await batches.ListAsync(caller, null, 50, ct);
                if (asJson)
                {
                    Json.Write(new { batches = list.Batches.Select(BatchView.Of), fund_balances = FundView.Of(list.FundBalances) });
                }
                else
                {
                    ConsoleReport.Batches(list.Batches);
                    ConsoleReport.Funds("fund balances", list.FundBalances);
                }

                return 0;
            }

            Show(await batches.StatusAsync(caller, id, ct), asJson);
            return 0;
        }));
        return command;
    }

    private static void Show(BatchStatusView view, bool asJson)
    {
        var (batch, partitions, checks, events, ledger) = (view.Batch, view.Partitions, view.Checks, view.Events, view.Ledger);
        if (asJson)
        {
            Json.Write(new
            {
                batch = BatchView.Of(batch),
                records_processed = partitions.Sum(p => p.RecordsProcessed),
                partitions = partitions.Select(PartitionView.Of),
                validation = checks.Select(CheckView.Of),
                ledger = ledger is null ? null : LedgerView.Of(ledger),
                events = events.Select(e => new { e.Event, e.EventTime, e.Details }),
            });
            return;
        }

        ConsoleReport.Batch(batch);
        ConsoleReport.Partitions(partitions);
        if (checks.Count > 0)
        {
            ConsoleReport.Checks(checks);
        }

        if (ledger is not null)
        {
            Console.WriteLine($"ledger: {ledger.Entries:N0} entries, {ledger.Lines:N0} lines, debits {ledger.TotalDebit} = credits {ledger.TotalCredit}");
            ConsoleReport.Funds("fund movements of this batch", ledger.FundNetChange);
        }

        foreach (var e in events.TakeLast(12))
        {
            Console.WriteLine($"  {e.EventTime:u} {e.Event}: {e.Details}");
        }
    }
}
