using System.Globalization;
using System.Text.Json;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Text;
using MonthEnd.Operations.DryRuns;
using Spectre.Console;

namespace MonthEnd.Cli.Output;

/// <summary>A dry run's report for people (Spectre.Console), and the periods' last dry runs as `status` shows them.</summary>
public static class DryRunView
{
    public static void Report(DryRunReport report)
    {
        var (timing, speed) = (report.Timing, report.Throughput);
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(new Markup($"[grey]{name}[/]"), new Text(value));
        Row("dry run", $"{report.DryRunId} of {report.Period}, {report.ExecutedAt:u} by {report.ExecutedBy}");
        Row("result", Shown.Inert($"{report.Result}: {report.Message}"));
        Row("copy", $"{report.Copy.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s to make, " +
                    (report.Copy.Kept ? "kept (below)" : $"removed: {report.Copy.Location}"));
        Row("timing", $"{Minutes(timing.TotalTimeMinutes)} total (target {Minutes(timing.TargetTimeMinutes)}), " +
                      $"{Minutes(timing.BufferRemainingMinutes)} left of the 120-minute window, production projected {Minutes(timing.ProjectedProductionTimeMinutes)}");
        Row("throughput", $"{speed.TransactionsPerSecond.ToString("N1", CultureInfo.InvariantCulture)} transactions/s over {speed.Transactions:N0} " +
                          $"(target {speed.TargetTransactionsPerSecond.ToString("N0", CultureInfo.InvariantCulture)}: {(speed.MeetsTarget ? "met" : "NOT met")})");
        if (timing.PhaseSeconds.Count > 0)
        {
            Row("phases", string.Join(", ", timing.PhaseSeconds.Select(p => $"{p.Key} {p.Value.ToString("0.0", CultureInfo.InvariantCulture)}s")));
        }

        AnsiConsole.Write(grid);
        var checks = new Table().AddColumns("check", "result", "expected", "actual");
        foreach (var c in report.Validation.Checks)
        {
            checks.AddRow(new Text(c.Code), new Markup(c.Result == "PASS" ? "[green]PASS[/]" : "[red]FAIL[/]"), new Text(c.Expected), new Text(c.Actual));
        }

        if (report.Validation.Checks.Count > 0)
        {
            AnsiConsole.Write(checks);
        }

        var color = report.Recommendation.Verdict switch { "PROCEED" => "green", "WARNING" => "yellow", _ => "red" };
        AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(report.Recommendation.Message)}[/]");
        foreach (var reason in report.Recommendation.Reasons)
        {
            AnsiConsole.MarkupLine($"  - {Markup.Escape(Shown.Inert(reason))}");
        }

        if (report.Copy.Kept)
        {
            // On a line of its own, unwrapped, to copy and paste: the operator removes it when done.
            Console.WriteLine($"the copy is kept at {report.Copy.Location}; remove it when done with it");
        }
    }

    /// <summary>The last dry run of each period: when, by whom, the verdict, and its time and throughput from the kept report.</summary>
    public static void Recent(IReadOnlyList<DryRunRecord> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        var table = new Table().Title("last dry run of each period").AddColumns("period", "run at", "by", "recommendation", "minutes", "transactions/s");
        foreach (var run in runs)
        {
            var report = Parse(run);
            table.AddRow(new Text(run.Period.ToString()), new Text(run.RunAt.ToString("u", CultureInfo.InvariantCulture)), new Text(run.RunBy),
                new Text(run.Recommendation), new Text(report?.Timing.TotalTimeMinutes.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"),
                new Text(report?.Throughput.TransactionsPerSecond.ToString("N0", CultureInfo.InvariantCulture) ?? "-"));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The kept report; null should a hand have made it unreadable (status still lists the row).</summary>
    public static DryRunReport? Parse(DryRunRecord run)
    {
        try
        {
            return JsonSerializer.Deserialize<DryRunReport>(run.ReportJson, DryRunOperations.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The record as --json shows it: the kept report as an object, not a string.</summary>
    public static object Of(DryRunRecord run) => new
    {
        period = run.Period.ToString(),
        run_at = run.RunAt,
        run_by = run.RunBy,
        recommendation = run.Recommendation,
        report = Parse(run),
    };

    private static string Minutes(decimal minutes) => $"{minutes.ToString("0.00", CultureInfo.InvariantCulture)} min";
}
