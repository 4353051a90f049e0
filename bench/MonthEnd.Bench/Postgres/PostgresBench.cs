using System.Diagnostics;
using System.Globalization;
using MonthEnd.Bench.Reporting;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;

namespace MonthEnd.Bench.Postgres;

/// <summary>
/// The PostgreSQL benchmark: generates the source once (not counted) into a template database,
/// then measures, each in a fresh copy of it on the same server and in a process of its own: ours
/// (commit by attach and/or by copy), reference (a) set-based SQL and reference (b) raw binary
/// COPY. Every run is checked, and (a)'s ledger must equal ours entry for entry, so that the
/// ratios compare the same work.
/// </summary>
internal static class PostgresBench
{
    private static readonly Period Period = new(2025, 1);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var rules = RuleSetLoader.LoadDefault();
        if (options.GenerateOnly)
        {
            await SourceSeed.GenerateAsync(options.Database!, options, Period, rules);
            return 0;
        }

        if (options.Measure is not null)
        {
            return await MeasuredProcess.MeasureAsync(options, Period, rules);
        }

        await using var server = await BenchServer.OpenAsync(options);
        Console.WriteLine(await server.DescribeAsync());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Premiums:N0} premiums + {options.Claims:N0} claims, {options.Workers} workers, chunk {options.ChunkSize:N0}, {Environment.ProcessorCount} cores"));
        try
        {
            var generate = Stopwatch.StartNew();
            await SourceSeed.CreateTemplateAsync(server, options);
            Console.WriteLine($"generated the source in {generate.Elapsed.TotalSeconds:F1}s (not counted)");
            var rounds = new List<Round>();
            for (var round = 1; round <= Math.Max(options.Rounds, 1); round++)
            {
                if (options.Rounds > 1)
                {
                    Console.WriteLine();
                    Console.WriteLine($"round {round} of {options.Rounds}");
                }

                rounds.Add(await MeasureRoundAsync(server, options));
            }

            // Each workload by its median run: this machine's speed wanders between runs (docs/benchmarks.md).
            var ours = Ours(options.Commit).Select((_, i) => Median(rounds.Select(r => r.Ours[i].Run))).ToList();
            var setBased = Median(rounds.Select(r => r.SetBased.Run));
            var rawCopy = Median(rounds.Select(r => r.RawCopy.Run));
            var report = new PostgresReport(options.Premiums);
            foreach (var run in ours.Append(setBased).Append(rawCopy))
            {
                report.Add(run);
            }

            if (rounds.Count > 1)
            {
                Console.WriteLine();
                Console.WriteLine("per round, ours / (a) and ours / (b): " + string.Join("; ", rounds.Select(r => string.Create(CultureInfo.InvariantCulture,
                    $"{r.Ours[0].Run.Total / r.SetBased.Run.Total:F2}x, {r.Ours[0].Run.Total / r.RawCopy.Run.Total:F2}x"))));
                Console.WriteLine($"below: each workload's median run of {rounds.Count}");
            }

            Console.WriteLine();
            Console.WriteLine("checks passed: ours committed, its ledger complete and balanced, the funds moved by the ledger's net, every source row marked; " +
                              "(a)'s ledger equals ours (counts, totals, fund movements, content fingerprint, rows marked); (b) wrote as many rows");
            report.PrintSummary(ours[0], ours.Count > 1 ? ours[1] : null, setBased, rawCopy);
            report.PrintMarkdown();
            return 0;
        }
        catch (BenchCheckException e)
        {
            Console.Error.WriteLine($"CHECK FAILED, no figures reported: {e.Message}");
            return 2;
        }
        finally
        {
            if (!options.Keep)
            {
                await server.DropDatabaseAsync(SourceSeed.Template);
            }
        }
    }

    private sealed record Round(List<(Measurement Run, LedgerFacts Facts)> Ours, (Measurement Run, LedgerFacts Facts) SetBased, (Measurement Run, LedgerFacts Facts) RawCopy);

    /// <summary>Ours, then (a), then (b), each checked; (a)'s ledger must equal ours.</summary>
    private static async Task<Round> MeasureRoundAsync(BenchServer server, BenchOptions options)
    {
        // A rollback or a reversal after the batch changes what ours leaves behind: the batch itself was checked before it (MonthEndWorkload).
        var compared = !(options.Rollback || options.Reverse);
        var ours = new List<(Measurement Run, LedgerFacts Facts)>();
        foreach (var workload in Ours(options.Commit))
        {
            var run = await MeasureAsync(server, options, workload);
            BenchCheck.That(!compared || run.Facts.SourceLeft == 0, $"{run.Run.Name} left {run.Facts.SourceLeft} source rows unprocessed");
            SameLedger(run, ours.Count > 0 && compared ? ours[0] : run);
            ours.Add(run);
        }

        var setBased = await MeasureAsync(server, options, Workload.SetBased);
        SameLedger(setBased, compared ? ours[0] : setBased);
        var rawCopy = await MeasureAsync(server, options, Workload.RawCopy);
        BenchCheck.That(rawCopy.Run.JournalEntries == ours[0].Run.JournalEntries && rawCopy.Run.JournalLines == ours[0].Run.JournalLines,
            $"reference (b) wrote {rawCopy.Run.JournalRows} rows, {ours[0].Run.Name} {ours[0].Run.JournalRows}: not the same amount of writing");
        return new Round(ours, setBased, rawCopy);
    }

    /// <summary>The run whose end-to-end time is the median (the lower middle one of an even count).</summary>
    private static Measurement Median(IEnumerable<Measurement> runs)
    {
        var sorted = runs.OrderBy(r => r.Total).ToList();
        return sorted[(sorted.Count - 1) / 2];
    }

    private static IEnumerable<Workload> Ours(CommitChoice choice) => choice switch
    {
        CommitChoice.Attach => [Workload.Attach],
        CommitChoice.Copy => [Workload.Copy],
        _ => [Workload.Attach, Workload.Copy],
    };

    /// <summary>
    /// A run in a fresh copy of the generated source, after a checkpoint, once the machine is quiet
    /// enough; afterwards what it left in the database is read (not timed) and the copy dropped.
    /// </summary>
    private static async Task<(Measurement Run, LedgerFacts Facts)> MeasureAsync(BenchServer server, BenchOptions options, Workload workload)
    {
        Console.WriteLine();
        var database = $"monthend_bench_{workload.Code()}";
        await server.CreateDatabaseAsync(database, SourceSeed.Template);
        try
        {
            await server.CheckpointAsync();
            var load = await LoadAverage.WaitBelowAsync(options.WaitLoad, TimeSpan.FromMinutes(15));
            var connection = server.ConnectionTo(database);
            var run = await MeasuredProcess.RunAsync(workload, connection, options) with { LoadBefore = load };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {run.Name}: {run.Total.TotalSeconds:F2} s end to end"));
            var facts = workload == Workload.RawCopy ? null : await LedgerFacts.ReadAsync(connection, workload.LedgerTables());
            return (run, facts!);
        }
        finally
        {
            if (!options.Keep)
            {
                await server.DropDatabaseAsync(database);
            }
        }
    }

    private static void SameLedger((Measurement Run, LedgerFacts Facts) run, (Measurement Run, LedgerFacts Facts) ours)
    {
        var differences = run.Facts.DifferencesFrom(ours.Facts);
        BenchCheck.That(differences.Count == 0, $"{run.Run.Name}'s ledger differs from {ours.Run.Name}'s: {string.Join("; ", differences)}");
    }
}
