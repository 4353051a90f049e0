using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Reports;
using MonthEnd.Core.Text;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Reports;

namespace MonthEnd.Cli.Commands;

/// <summary>monthend report: a batch's report, CFO summary or trial balance as HTML, CSV, XLSX or JSON (download_batch_reports).</summary>
internal static class ReportCommand
{
    public static Command Create(Option<string?> db)
    {
        var batchId = CliOptions.BatchId(required: true);
        var kind = new Option<string>("--kind") { Description = "batch, cfo (the CFO summary) or trial-balance (of the batch's period)", Required = true };
        kind.AcceptOnlyFromAmong([.. Enum.GetValues<ReportKind>().Select(k => k.Code())]);
        var format = new Option<string>("--format") { Description = "html, csv, xlsx or json", DefaultValueFactory = _ => "html" };
        format.AcceptOnlyFromAmong([.. Enum.GetValues<ReportFormat>().Select(f => f.Code())]);
        var output = new Option<string?>("--out") { Description = "File to write (replaced if it exists); default standard output" };
        var command = new Command("report", "Write a batch's report, its CFO summary or its period's trial balance, every number from the ledger (download_batch_reports)")
        {
            batchId, kind, format, output,
        };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            // The parser accepted only these names.
            if (!ReportKinds.TryParse(parse.GetValue(kind), out ReportKind k) || !ReportKinds.TryParse(parse.GetValue(format), out ReportFormat f))
            {
                throw CliError.Usage("--kind or --format is not one of the names listed by --help");
            }

            var path = parse.GetValue(output);
            if (path is null && f == ReportFormat.Xlsx && !Console.IsOutputRedirected)
            {
                throw CliError.Usage("an XLSX report is binary: give --out FILE, or redirect standard output");
            }

            if (path is not null)
            {
                CheckTarget(path);
            }

            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var report = await host.Get<ReportOperations>().CreateAsync(caller, parse.GetValue(batchId), k, f, ct);
            await WriteAsync(report, path, ct);
            if (report.Problem is { } problem)
            {
                await Console.Error.WriteLineAsync($"warning: {Shown.Inert(problem)}");
                return ExitCode.ValidationFailed;
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static async Task WriteAsync(RenderedReport report, string? path, CancellationToken ct)
    {
        if (path is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(report.Content, ct);
            return;
        }

        // Written beside the target and moved over it, so a reader never sees half a report.
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, report.Content, ct);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new CliError(ExitCode.Error,
                $"--out {Shown.Quote(path, 200)} could not be written: {(e is UnauthorizedAccessException ? "permission denied" : Shown.Inert(e.Message))}");
        }

        Console.WriteLine($"{report.Kind.Code()} report of batch {report.BatchId} written to {Shown.Quote(path, 200)} ({report.Content.Length:N0} bytes, {report.Format.Code()})");
    }

    /// <summary>Where --out may write: a new file, or a plain file it replaces, in a directory that exists.</summary>
    private static void CheckTarget(string path)
    {
        Arguments.FilePath("--out", path);
        var shown = Shown.Quote(path, 200);
        if (Directory.Exists(path))
        {
            throw CliError.Usage($"--out {shown} is a directory; give a file name");
        }

        if (FileKinds.IsSpecial(path))
        {
            throw CliError.Usage($"--out {shown} is a device, a pipe or a socket, not a file; the report would replace it");
        }

        if (!Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))))
        {
            throw CliError.Usage($"--out {shown}: its directory does not exist");
        }
    }
}
