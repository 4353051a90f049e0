using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.DryRuns;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.DryRuns;

/// <summary>
/// The dry run (SOP 1 step 1, the original design's DryRunManager): the whole batch of a period,
/// pre-flight to commit, by the same engine as `run`, on an isolated copy of production
/// (<see cref="IDryRunCopies"/>), judged by <see cref="DryRunRecommendation"/>. Production gets
/// one audit row (DRY_RUN) and its period's row in dry_runs; nothing else there changes. The copy's
/// store is used bare, not through this layer, so nothing it does reaches production's trail.
/// </summary>
public sealed partial class DryRunOperations(
    IMonthEndStore store, IDryRunCopies copies, IDryRunRecords records, OperationGate gate, TimeProvider clock, ILogger<DryRunOperations> log)
{
    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<DryRunResult> RunAsync(Caller caller, DryRunRequest request, IProgress<DryRunProgress>? progress, CancellationToken ct)
    {
        if (request.Run.Settings.Workers < 1)
        {
            // With none, the batch on the copy would wait for `monthend worker` processes, which work on production.
            throw new InvalidArgumentException("--workers", "a dry run needs at least 1 in-process worker");
        }

        CheckCopyOptions(request.Copy);
        var asked = request with { Run = request.Run with { InitiatedBy = caller.User, BatchId = DryRunId(request.Run.Period) } };
        var details = new
        {
            period = asked.Run.Period.ToString(),
            dry_run_id = asked.Run.BatchId,
            workers = asked.Run.Settings.Workers,
            chunk_size = asked.Run.Settings.ChunkSize,
            rules_version = asked.Run.Rules.Version,
            keep = asked.Keep,
            scratch_directory = asked.Copy.ScratchDirectory,
            scratch_db_given = asked.Copy.ScratchDatabase is not null,
        };
        var result = await gate.ChangeAsync(caller, Permission.RunDryRun, "DRY_RUN", null, details, c => DryRunAsync(asked, progress, c),
            r => new { recommendation = r.Verdict.Code(), result = r.Report.Result, r.Report.Message, copy = r.Report.Copy.Kept ? r.Report.Copy.Location : null }, ct);
        LogDryRun(log, asked.Run.Period, caller.User, result.Verdict, result.Report.Result);
        return result;
    }

    /// <summary>The period's last dry run, or null when it has none.</summary>
    public Task<DryRunRecord?> LastAsync(Caller caller, Period period, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ViewBatchStatus, "DRY_RUN_STATUS", null, new { period = period.ToString() }, sensitive: false,
            c => records.LastDryRunAsync(period, c), ct);

    /// <summary>The last dry run of each period, the most recent first.</summary>
    public Task<IReadOnlyList<DryRunRecord>> RecentAsync(Caller caller, int limit, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ViewAllBatches, "DRY_RUNS_LISTED", null, null, sensitive: false, c => records.RecentDryRunsAsync(limit, c), ct);

    /// <summary>The batch id a dry run's batch carries on its copy: YYYY-MM-DRYRUN, as in the original design.</summary>
    public static string DryRunId(Period period) => $"{period}-DRYRUN";

    private async Task<DryRunResult> DryRunAsync(DryRunRequest request, IProgress<DryRunProgress>? progress, CancellationToken ct)
    {
        var period = request.Run.Period;
        var executedAt = clock.GetUtcNow();
        // A dry run rehearses a batch not yet run; with one open or committed, production's `run` would resume or refuse it.
        if (await new Preflight(store).FindExistingAsync(period, null, ct) is { } existing)
        {
            var refusal = $"pre-flight refused: period {period} already has batch {existing.BatchId} ({existing.Status.Code()}); nothing was copied";
            return await KeepAsync(request, DryRunReport.Of(request.Run.BatchId!, request, executedAt, RunResult.Refused.ToString().ToUpperInvariant(), refusal,
                new DryRunCopyView("none", false, 0), new DryRunMeasures(TimeSpan.Zero, 0, false, refusal, []), null), ct);
        }

        var copyWatch = Stopwatch.StartNew();
        var copyProgress = progress is null ? null : new Relay<DryRunCopyProgress>(p => progress.Report(new DryRunProgress(p, null)));
        var copy = await CopyAsync(period, request.Copy, copyProgress, ct);
        var copyView = new DryRunCopyView(copy.Location, request.Keep, Math.Round((decimal)copyWatch.Elapsed.TotalSeconds, 3));
        var (outcome, batchTime) = await RunOnCopyAsync(copy, request, progress, ct);
        var measures = new DryRunMeasures(batchTime, Transactions(outcome), outcome.Result == RunResult.Committed,
            outcome.Result == RunResult.Committed ? null : outcome.Message, outcome.Validation?.Checks ?? []);
        var report = DryRunReport.Of(request.Run.BatchId!, request, executedAt, Name(outcome.Result), outcome.Message, copyView, measures, outcome.PhaseTimes);
        return await KeepAsync(request, report, ct);
    }

    private async Task<IDryRunCopy> CopyAsync(Period period, DryRunCopyOptions options, IProgress<DryRunCopyProgress>? progress, CancellationToken ct)
    {
        try
        {
            return await copies.CopyForDryRunAsync(period, options, progress, ct);
        }
        catch (ArgumentException e)
        {
            // The store refuses where the copy should go (the production database as scratch, a role without CREATEDB, a bad path,
            // the other store's kind of place); a ScratchPlaceException says which option.
            var option = e is ScratchPlaceException { Place: var place }
                ? place == ScratchPlace.Directory ? "--scratch-dir" : "--scratch-db"
                : options.ScratchDirectory is not null ? "--scratch-dir" : "--scratch-db";
            throw new InvalidArgumentException(option, e.Message);
        }
    }

    /// <summary>Where the copy should go, checked as arguments before anything is read: a path, or a connection string, printable and bounded.</summary>
    public static void CheckCopyOptions(DryRunCopyOptions options)
    {
        if (options.ScratchDirectory is { } directory)
        {
            Arguments.FilePath("--scratch-dir", directory);
        }

        if (options.ScratchDatabase is { } database)
        {
            Arguments.Text("--scratch-db", database, Arguments.MaxPathLength);
        }
    }

    /// <summary>Runs the batch on the copy as BatchOperations.RunAsync runs it on production; the copy is removed afterwards unless kept.</summary>
    private static async Task<(RunOutcome Outcome, TimeSpan Time)> RunOnCopyAsync(IDryRunCopy copy, DryRunRequest request, IProgress<DryRunProgress>? progress, CancellationToken ct)
    {
        var runProgress = progress is null ? null : new Relay<RunProgress>(p => progress.Report(new DryRunProgress(null, p)));
        var watch = Stopwatch.StartNew();
        try
        {
            var outcome = await new MonthEndRunner(copy.Store, runProgress).RunAsync(request.Run, ct);
            return (outcome, watch.Elapsed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A batch that breaks on the copy would break in production: the dry run's answer, not its failure.
            return (new RunOutcome(RunResult.Refused, $"the batch failed on the copy: {e.GetType().Name}: {e.Message}"), watch.Elapsed);
        }
        finally
        {
            if (request.Keep)
            {
                await copy.DisposeAsync();
            }
            else
            {
                await copy.DiscardAsync(CancellationToken.None);
            }
        }
    }

    private async Task<DryRunResult> KeepAsync(DryRunRequest request, DryRunReport report, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(report, JsonOptions);
        await records.SaveDryRunAsync(new DryRunRecord(request.Run.Period, report.ExecutedAt, report.ExecutedBy, report.Recommendation.Verdict, json), ct);
        return new DryRunResult(report, DryRunVerdicts.Parse(report.Recommendation.Verdict));
    }

    private static long Transactions(RunOutcome outcome) =>
        outcome.Batch is { } batch ? batch.PremiumCount + batch.ClaimCount : 0;

    private static string Name(RunResult result) => result switch
    {
        RunResult.InvalidSource => "INVALID_SOURCE",
        RunResult.ValidationFailed => "VALIDATION_FAILED",
        RunResult.PartitionsFailed => "PARTITIONS_FAILED",
        RunResult.LimitExceeded => "LIMIT_EXCEEDED",
        _ => result.ToString().ToUpperInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "dry run of {Period} by {User}: {Verdict} ({Result})")]
    private static partial void LogDryRun(ILogger logger, Period period, string user, DryRunVerdict verdict, string result);

    /// <summary>Reports on the caller's thread, as the engine and the copy report (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
