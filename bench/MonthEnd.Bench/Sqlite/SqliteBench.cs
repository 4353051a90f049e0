using System.Diagnostics;
using System.Globalization;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Generation;
using MonthEnd.Core.Rules;
using MonthEnd.Sqlite;

namespace MonthEnd.Bench.Sqlite;

/// <summary>
/// The SQLite benchmark: generates the data in a child process (so its memory is not counted),
/// then runs the batch here and reports each phase, end to end, throughput and this process's peak memory.
/// </summary>
internal static class SqliteBench
{
    public static async Task<int> RunAsync(BenchOptions options, string[] args)
    {
        var period = new Period(2025, 1);
        var path = Path.Combine(options.Directory, "bench.db");
        if (options.GenerateOnly)
        {
            var rules = RuleSetLoader.LoadDefault();
            await using var seedStore = new SqliteStore(path);
            await seedStore.MigrateAsync(CancellationToken.None);
            await seedStore.SaveRuleSetAsync(rules, "bench", CancellationToken.None);
            var generator = new SourceDataGenerator(rules, seed: 7);
            await seedStore.AppendSourceAsync(generator.Premiums(period, options.Premiums, 1), generator.Claims(period, options.Claims, 1), CancellationToken.None);
            return 0;
        }

        Directory.CreateDirectory(options.Directory);
        foreach (var stale in Directory.EnumerateFileSystemEntries(options.Directory, "bench*"))
        {
            if (Directory.Exists(stale)) Directory.Delete(stale, true); else File.Delete(stale);
        }

        var generate = Stopwatch.StartNew();
        if (await SelfProcess.RunAsync([.. args, "--generate-only"]) != 0)
        {
            Console.Error.WriteLine("data generation failed");
            return 1;
        }

        Console.WriteLine($"generated {options.Premiums:N0} premiums + {options.Claims:N0} claims in {generate.Elapsed.TotalSeconds:F1}s (not counted)");
        await using var store = new SqliteStore(path);
        using var memory = new MemorySampler();
        var settings = new RunSettings { Workers = options.Workers, ChunkSize = options.ChunkSize };
        var request = new RunRequest(period, null, RuleSetLoader.LoadDefault(), "bench", settings);
        var watch = Stopwatch.StartNew();
        LayeredRun? layered = null;
        RunOutcome outcome;
        if (options.Direct)
        {
            outcome = await new MonthEndRunner(store).RunAsync(request, CancellationToken.None);
        }
        else
        {
            layered = await OperationsRun.RunAsync(store, request);
            outcome = layered.Outcome;
        }

        var total = watch.Elapsed - (layered is null ? TimeSpan.Zero : layered.Seal + layered.Verify);
        memory.Stop();
        if (outcome.Result != RunResult.Committed)
        {
            Console.Error.WriteLine($"batch did not commit: {outcome.Message}");
            return 1;
        }

        var ledger = await store.SummarizeLedgerAsync(outcome.Batch!.BatchId, CancellationToken.None);
        var rows = ledger.Entries + ledger.Lines;
        Console.WriteLine($"SQLite, {options.Workers} workers, chunk {options.ChunkSize:N0}, {Environment.ProcessorCount} cores");
        foreach (var (phase, time) in outcome.PhaseTimes!.OrderBy(p => p.Key))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-11} {time.TotalSeconds,7:F2} s"));
        }

        foreach (var (step, time) in outcome.CommitSteps ?? [])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {step,-20} {time.TotalSeconds,7:F2} s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"end to end",-11} {total.TotalSeconds,7:F2} s"));
        Console.WriteLine(layered is null
            ? "  (the engine alone: --direct, no operations layer, audit or seal)"
            : string.Create(CultureInfo.InvariantCulture,
                $"  through the operations layer (permission, audit rows, seal); the seal append alone {layered.Seal.TotalMilliseconds:F1} ms; " +
                $"audit verify afterwards {layered.Verify.TotalSeconds:F2} s ({layered.Report.Chain.RowsVerified} rows, {layered.Report.Seals.Count} seal)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"premiums/s {options.Premiums / total.TotalSeconds:N0}; journal rows/s {rows / total.TotalSeconds:N0} ({ledger.Entries:N0} entries + {ledger.Lines:N0} lines)"));
        if (options.Rollback && layered is not null)
        {
            // The layer's host disposed the store it was given (as a host does at exit): a new one, as the approver's process opens it.
            await using var approver = new SqliteStore(path);
            var (elapsed, bytes) = await OperationsRun.RollBackAsync(approver, layered);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  committed rollback (four-eyes approval: backup, one transaction, integrity check) {elapsed.TotalSeconds:F2} s; backup {bytes / 1048576.0:F0} MB"));
        }

        if (options.Reverse && layered is not null)
        {
            await using var approver = new SqliteStore(path);
            var (elapsed, steps) = await OperationsRun.ReverseAsync(approver, layered);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  reversal (four-eyes approval: plan, stage mirror entries, check against the original, commit, seal, archive) {elapsed.TotalSeconds:F2} s"));
            foreach (var (step, _) in steps)
            {
                Console.WriteLine($"    {step}");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB; peak managed heap {memory.PeakManagedBytes / 1048576.0:F0} MB; " +
            $"SQLite memory high-water {SQLitePCL.raw.sqlite3_memory_highwater(0) / 1048576.0:F0} MB"));
        return 0;
    }
}
