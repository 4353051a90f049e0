using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.DryRuns;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// `monthend dry-run`: the period's whole batch on an isolated copy, with the report and the
/// recommendation of SOP 1 step 1. Exit 0 PROCEED, 9 WARNING, 10 DO NOT PROCEED.
/// </summary>
internal static class DryRunCommand
{
    public static Command Create(Option<string?> db)
    {
        var period = CliOptions.Period();
        var workers = new Option<int>("--workers") { Description = "In-process workers on the copy (at least 1)", DefaultValueFactory = _ => new RunSettings().Workers };
        var chunk = new Option<int>("--chunk-size") { Description = "Source records per chunk", DefaultValueFactory = _ => RunSettings.DefaultChunkSize };
        var rules = CliOptions.Rules();
        var json = CliOptions.Json();
        var keep = new Option<bool>("--keep") { Description = "Keep the copy afterwards (the report says where) instead of removing it" };
        var scratchDir = new Option<string?>("--scratch-dir") { Description = "SQLite: the directory for the copy (default: NAME-dryrun beside the database)" };
        var scratchDb = new Option<string?>("--scratch-db")
        {
            Description = "PostgreSQL: a database for the copy, which gets a schema of its own (default: a new database monthend_dryrun_YYYYMM_… on the same server)",
        };
        var command = new Command("dry-run", "Run the period's whole batch on an isolated copy of the database and recommend PROCEED (exit 0), WARNING (9) or DO NOT PROCEED (10)")
        {
            period, workers, chunk, rules, json, keep, scratchDir, scratchDb,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var settings = new RunSettings { Workers = CliOptions.Positive(parse, workers), ChunkSize = CliOptions.Positive(parse, chunk) };
            var run = new RunRequest(CliOptions.ParsePeriod(parse.GetValue(period)!), null, CliOptions.LoadRules(parse.GetValue(rules)), "", settings);
            var request = new DryRunRequest(run, new DryRunCopyOptions(parse.GetValue(scratchDir), parse.GetValue(scratchDb)), parse.GetValue(keep));
            DryRunOperations.CheckCopyOptions(request.Copy);
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                Console.WriteLine($"dry run of {run.Period} on a copy of {host.Store.Description} as {caller.User}, {settings.Workers} workers");
            }

            var result = await ProgressDisplay.RunAsync(asJson, progress =>
                host.Get<DryRunOperations>().RunAsync(caller, request, progress is null ? null : new RunOnly(progress), ct));
            var code = ExitCode.Of(result.Verdict);
            if (asJson)
            {
                Json.Write(new { result = result.Report.Recommendation.Verdict, exit_code = code, report = result.Report });
            }
            else
            {
                DryRunView.Report(result.Report);
            }

            return code;
        }));
        return command;
    }

    /// <summary>The batch's progress on the copy goes to the usual display; the copy's steps are too quick and many to show.</summary>
    private sealed class RunOnly(IProgress<RunProgress> display) : IProgress<DryRunProgress>
    {
        public void Report(DryRunProgress value)
        {
            if (value.Run is { } run)
            {
                display.Report(run);
            }
        }
    }
}
