using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;
using MonthEnd.Operations.Source;
using Spectre.Console;

namespace MonthEnd.Cli.Output;

/// <summary>Human-readable output: tables of batches, partitions, checks and funds.</summary>
public static class ConsoleReport
{
    public static void Batch(BatchRecord b)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string? value) => grid.AddRow(new Markup($"[grey]{name}[/]"), new Text(value ?? "-"));
        Row("batch", b.BatchId + (b.ReversesBatchId is { } reversed ? $" (REVERSAL of {reversed}: its entries mirrored)" : ""));
        Row("period", $"{b.Period} ({b.Period.Start:yyyy-MM-dd} to {b.Period.End:yyyy-MM-dd})");
        Row("status", b.Status.Code() + (b.FailureReason is null ? "" : $": {b.FailureReason}"));
        Row("source", $"{b.PremiumCount:N0} premiums ({b.PremiumTotal} IDR), {b.ClaimCount:N0} claims ({b.ClaimTotal} IDR)");
        Row("entries", $"{b.ExpectedJeCount:N0} expected, {(b.ActualJeCount is { } a ? a.ToString("N0") : "-")} committed; JE {b.Sequence}");
        Row("checksum", b.SourceChecksum);
        Row("rules", $"version {b.RuleSetVersion}, chart of accounts version {b.CoaVersion}");
        Row("initiated", $"{b.CreatedAt:u} by {b.InitiatedBy}");
        Row("committed", b.CommittedAt?.ToString("u"));
        Row(LocationLabel(b), LocationText(b));
        AnsiConsole.Write(grid);
    }

    /// <summary>"staging file" (SQLite), "staging tables" (PostgreSQL) or "archive": what the location is.</summary>
    public static string LocationLabel(BatchRecord b) =>
        b.ArchiveLocation is not null ? (b.ArchiveLocation.EndsWith(".db", StringComparison.Ordinal) ? "archive file" : "archive")
        : b.StagingLocation is null ? "staging"
        : b.StagingLocation.EndsWith(".db", StringComparison.Ordinal) ? "staging file"
        : "staging tables";

    /// <summary>The location without a "tables " the label already says (PostgreSQL describes its staging so).</summary>
    private static string? LocationText(BatchRecord b) =>
        b.ArchiveLocation ?? (b.StagingLocation is { } s && s.StartsWith("tables ", StringComparison.Ordinal) ? s["tables ".Length..] : b.StagingLocation);

    public static void Batches(IReadOnlyList<BatchRecord> batches)
    {
        var table = new Table().AddColumns("batch", "period", "status", "entries", "created", "committed");
        foreach (var b in batches)
        {
            table.AddRow(b.BatchId, b.Period.ToString(), b.Status.Code(), (b.ActualJeCount ?? b.ExpectedJeCount).ToString("N0"),
                b.CreatedAt.ToString("u"), b.CommittedAt?.ToString("u") ?? "-");
        }

        AnsiConsole.Write(table);
    }

    public static void Partitions(IReadOnlyList<PartitionRecord> partitions)
    {
        var table = new Table().AddColumns("#", "kind", "status", "records", "JE numbers", "lease owner", "attempts", "error");
        foreach (var p in partitions)
        {
            table.AddRow(p.PartitionNo.ToString(), p.Kind.ToString(), p.Status.Code(), $"{p.RecordsProcessed:N0}/{p.RecordCount:N0}",
                p.Sequence.ToString(), p.LeaseOwner ?? "-", p.Attempts.ToString(), Markup.Escape(p.Error ?? ""));
        }

        AnsiConsole.Write(table);
    }

    public static void Checks(IEnumerable<ValidationCheck> checks)
    {
        var table = new Table().AddColumns("check", "result", "expected", "actual");
        foreach (var c in checks)
        {
            table.AddRow(new Text(c.Code), new Markup(c.Passed ? "[green]PASS[/]" : "[red]FAIL[/]"), new Text(c.Expected), new Text(c.Actual));
        }

        AnsiConsole.Write(table);
    }

    public static void Funds(string title, FundAmounts amounts)
    {
        var table = new Table().Title(title).AddColumns("fund", "amount (IDR)");
        foreach (var f in MonthEnd.Core.Accounting.Funds.All)
        {
            table.AddRow(f.Code(), amounts[f].ToString());
        }

        AnsiConsole.Write(table);
    }

    public static void Outcome(RunOutcome outcome, SourceFindings findings)
    {
        var color = outcome.Result == RunResult.Committed ? "green" : "red";
        AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(outcome.Message)}[/]");
        if (outcome.Validation is { } report)
        {
            Checks(report.Checks);
        }

        if (outcome.InvalidSource is { } scan)
        {
            var shown = InvalidRecords.Group(scan.FirstViolations, findings).Take(50).ToList();
            Console.WriteLine($"{scan.InvalidRecordCount:N0} invalid source records (first {shown.Count}):");
            foreach (var record in shown)
            {
                Console.WriteLine($"  {record}");
            }
        }

        if (outcome.PhaseTimes is { Count: > 0 } times)
        {
            Console.WriteLine("time: " + string.Join(", ", times.Select(t => $"{t.Key.ToString().ToLowerInvariant()} {t.Value.TotalSeconds:F1}s")));
        }
    }
}
