using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.DryRuns;

namespace MonthEnd.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(Option<string?> db)
    {
        var batchId = CliOptions.BatchId(description: "The batch to show in detail (default: list the 50 most recent batches)");
        var period = new Option<string?>("--period") { Description = "List only this period's batches (YYYY-MM), with its last dry run in full" };
        var json = CliOptions.Json();
        var command = new Command("status", "Show recent batches and the last dry run of each period, or one batch with its partitions, validation results and ledger totals")
        {
            batchId, period, json,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var only = parse.GetValue(period) is { } text ? CliOptions.ParsePeriod(text) : null;
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var batches = host.Get<BatchOperations>();
            var id = parse.GetValue(batchId);
            var asJson = parse.GetValue(json);
            if (id is not null)
            {
                Show(await batches.StatusAsync(caller, id, ct), asJson);
                return 0;
            }

            var dryRuns = host.Get<DryRunOperations>();
            if (only is not null)
            {
                // The dry run is for whoever may see a batch's status (Finance confirms it, SOP 1 step 1.3); the list of batches needs view_all_batches.
                var dryRun = await dryRuns.LastAsync(caller, only, ct);
                ShowPeriod(caller.Holds(Permission.ViewAllBatches) ? await batches.ListAsync(caller, only, 50, ct) : null, dryRun, only, asJson);
                return 0;
            }

            var list = await batches.ListAsync(caller, null, 50, ct);

            var recent = await dryRuns.RecentAsync(caller, 12, ct);
            if (asJson)
            {
                Json.Write(new { batches = list.Batches.Select(BatchView.Of), fund_balances = FundView.Of(list.FundBalances), dry_runs = recent.Select(DryRunView.Of) });
            }
            else
            {
                ConsoleReport.Batches(list.Batches);
                ConsoleReport.Funds("fund balances", list.FundBalances);
                DryRunView.Recent(recent);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>A period: its batches, the fund balances, and its last dry run in full (SOP 1: the go/no-go before the batch).</summary>
    private static void ShowPeriod(BatchListView? list, DryRunRecord? dryRun, Period period, bool asJson)
    {
        if (asJson)
        {
            Json.Write(new
            {
                batches = list?.Batches.Select(BatchView.Of),
                fund_balances = list is null ? null : FundView.Of(list.FundBalances),
                dry_run = dryRun is null ? null : DryRunView.Of(dryRun),
            });
            return;
        }

        if (list is not null)
        {
            ConsoleReport.Batches(list.Batches);
            ConsoleReport.Funds("fund balances", list.FundBalances);
        }

        if (dryRun is null)
        {
            Console.WriteLine($"no dry run of {period} yet: monthend dry-run --period {period}");
        }
        else if (DryRunView.Parse(dryRun) is { } report)
        {
            DryRunView.Report(report);
        }
        else
        {
            Console.WriteLine($"last dry run of {period}: {dryRun.RunAt:u} by {dryRun.RunBy}: {dryRun.Recommendation} (its report is unreadable)");
        }
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
