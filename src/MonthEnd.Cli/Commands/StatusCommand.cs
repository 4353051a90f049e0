using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Storage;

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
            await using var store = await StoreFactory.OpenInitialisedAsync(StoreFactory.Resolve(parse.GetValue(db)), ct);
            var id = parse.GetValue(batchId);
            var asJson = parse.GetValue(json);
            if (id is null)
            {
                var batches = await store.ListBatchesAsync(null, 50, ct);
                if (asJson)
                {
                    Json.Write(new { batches = batches.Select(BatchView.Of), fund_balances = FundView.Of(await store.GetFundBalancesAsync(ct)) });
                }
                else
                {
                    ConsoleReport.Batches(batches);
                    ConsoleReport.Funds("fund balances", await store.GetFundBalancesAsync(ct));
                }

                return 0;
            }

            var batch = await store.FindBatchAsync(MonthEnd.Core.Batches.BatchId.Validate(id), ct);
            if (batch is null)
            {
                throw new CliError(ExitCode.Refused, $"no batch {id} (`monthend status` lists the batches)");
            }

            await ShowAsync(store, batch, asJson, ct);
            return 0;
        }));
        return command;
    }

    private static async Task ShowAsync(IMonthEndStore store, BatchRecord batch, bool asJson, CancellationToken ct)
    {
        var partitions = await store.GetPartitionsAsync(batch.BatchId, ct);
        var checks = await store.GetValidationResultsAsync(batch.BatchId, ct);
        var events = await store.GetEventsAsync(batch.BatchId, ct);
        var ledger = batch.Status == BatchStatus.Committed ? await store.SummarizeLedgerAsync(batch.BatchId, ct) : null;
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
