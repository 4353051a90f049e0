using System.CommandLine;
using System.Diagnostics;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Operations.Reports;
using MonthEnd.Operations.Source;
using MonthEnd.Sqlite;

namespace MonthEnd.Cli.Commands;

/// <summary>init + generate 100,000 premiums and 5,000 claims + run, on a fresh demo database, with a readable summary.</summary>
internal static class DemoCommand
{
    public const string DemoDatabase = "monthend-demo.db";

    public static Command Create(Option<string?> db)
    {
        var premiums = new Option<long>("--premiums") { DefaultValueFactory = _ => 100_000, Description = "Premiums to generate" };
        var claims = new Option<long>("--claims") { DefaultValueFactory = _ => 5_000, Description = "Claims to generate" };
        var workers = new Option<int>("--workers") { DefaultValueFactory = _ => new RunSettings().Workers, Description = "In-process workers" };
        var command = new Command("demo",
            $"Run a demo month-end on a fresh SQLite database: always {DemoDatabase} in the current directory, deleted and created anew " +
            "(--db and $MONTHEND_DB are not used, so a real database is never touched; --db is refused)")
        {
            premiums, claims, workers,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            if (parse.GetResult(db) is { Implicit: false })
            {
                throw CliError.Usage($"demo always uses a fresh {DemoDatabase} in the current directory and deletes it first; it takes no --db");
            }

            var (p, c) = (parse.GetValue(premiums), parse.GetValue(claims));
            if (p < 0 || c < 0)
            {
                throw CliError.Usage("--premiums and --claims must not be negative");
            }

            var workerCount = CliOptions.Positive(parse, workers);
            var period = new Period(2025, 1);
            var path = Path.GetFullPath(DemoDatabase);
            DeleteDemoDatabase(path);
            Console.WriteLine($"MonthEnd demo: a takaful month-end for {period} on a fresh SQLite database {path}");
            var rules = RuleSetLoader.LoadDefault();
            await using var host = await CliHost.StartAsync(path, ct, requireSchema: false);
            var (caller, viewer) = await DemoUsers.CreateAsync(host, rules, path + ".credentials", ct);
            Console.WriteLine($"   demo users (batch_admin, batch_operator, finance_viewer, auditor) and their passwords: {path}.credentials; running as {caller.User}");
            var watch = Stopwatch.StartNew();
            await host.Get<SourceOperations>().GenerateAsync(caller, period, p, c, 42, rules, ct);
            Console.WriteLine($"1. generated {p:N0} PAID premiums and {c:N0} APPROVED claims in {watch.Elapsed.TotalSeconds:F1}s (seed 42)");

            var settings = new RunSettings { Workers = workerCount };
            await DryRunAsync(host, caller, new RunRequest(period, null, rules, caller.User, settings), ct);
            Console.WriteLine("3. running the batch: pre-flight, plan, stage, validate, commit");
            watch.Restart();
            var result = await ProgressDisplay.RunAsync(false, progress =>
                host.Get<BatchOperations>().RunAsync(caller, new RunRequest(period, null, rules, caller.User, settings), progress, ct));
            var elapsed = watch.Elapsed;
            var outcome = result.Outcome;
            ConsoleReport.Outcome(outcome, host.Get<SourceFindings>());
            if (outcome.Result != RunResult.Committed || result.Ledger is not { } ledger)
            {
                return ExitCode.Of(outcome.Result);
            }

            Console.WriteLine($"4. ledger: {ledger.Entries:N0} journal entries (JE {ledger.FirstJeNumber}..{ledger.LastJeNumber}), {ledger.Lines:N0} lines; " +
                              $"debits {ledger.TotalDebit} = credits {ledger.TotalCredit} IDR");
            Console.WriteLine($"   {p / elapsed.TotalSeconds:N0} premiums/s, {(ledger.Entries + ledger.Lines) / elapsed.TotalSeconds:N0} journal rows/s end to end ({elapsed.TotalSeconds:F1}s)");
            ConsoleReport.Funds("fund balances after the batch", result.FundBalances);
            var cfo = await host.Get<ReportOperations>().CreateAsync(viewer, outcome.Batch!.BatchId, ReportKind.Cfo, ReportFormat.Html, ct);
            var summary = Path.Combine(Path.GetDirectoryName(path)!, "monthend-demo-cfo-summary.html");
            await File.WriteAllBytesAsync(summary, cfo.Content, ct);
            Console.WriteLine($"5. the CFO summary (SOP 1 step 7), downloaded as {viewer.User}: {summary}");
            Console.WriteLine($"Next: MONTHEND_USER={caller.User} MONTHEND_PASSWORD=... ./monthend status --db {DemoDatabase} --batch-id {outcome.Batch!.BatchId}");
            return ExitCode.Ok;
        }));
        return command;
    }

    /// <summary>SOP 1 step 1: the whole batch on a copy first, and its verdict (the demo goes on whatever it says).</summary>
    private static async Task DryRunAsync(CliHost host, Core.Security.Caller caller, RunRequest run, CancellationToken ct)
    {
        Console.WriteLine("2. dry run: the same batch on a copy of the database, production untouched");
        var result = await host.Get<DryRunOperations>().RunAsync(caller, new DryRunRequest(run, new DryRunCopyOptions(), Keep: false), null, ct);
        var (report, timing) = (result.Report, result.Report.Timing);
        Console.WriteLine($"   {report.Result}: {timing.TotalTimeMinutes * 60:F1}s on the copy ({report.Throughput.TransactionsPerSecond:N0} transactions/s), " +
                          $"{report.Validation.Checks.Count(c => c.Result == "PASS")}/{report.Validation.Checks.Count} checks passed; copy removed");
        Console.WriteLine($"   {report.Recommendation.Message}");
    }

    private static void DeleteDemoDatabase(string path)
    {
        var database = new SqliteDatabase(path);
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm", path + ".audit-key", path + ".credentials" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        foreach (var directory in new[] { database.StagingDirectory, database.ArchiveDirectory }.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
