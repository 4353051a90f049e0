using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.DryRuns;
using MonthEnd.Operations.Identity;

namespace MonthEnd.Web.Runs;

/// <summary>
/// Runs the batches initiated from the web in the server's background, with the same call as `run`
/// (<see cref="BatchOperations.RunAsync"/>), so a batch survives the browser that started it and is
/// watchable from the CLI too. The permission is checked (and a refusal audited) before anything
/// starts; the operation checks it again as it runs. When the server stops, runs stop at their chunk
/// boundary; when it starts, it carries on the open month-end batches as `run` would.
/// </summary>
public sealed partial class BatchRunner(
    BatchOperations batches, DryRunOperations dryRuns, OperationGate gate, SignIn signIn, IMonthEndStore store,
    IOptions<WebOptions> options, Live.ThroughputHistory history, ILogger<BatchRunner> log) : BackgroundService
{
    /// <summary>How the server names itself in the trail when it resumes a batch at start.</summary>
    public static readonly ClientInfo ServerClient = new("web", null, "monthend-serve (resuming an open batch at start)");

    private const int ResumeScan = 100;
    private static readonly BatchStatus[] Resumable = [BatchStatus.Planned, BatchStatus.Running, BatchStatus.Validating, BatchStatus.Committing];

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ConcurrentDictionary<string, RunProgress> _progress = new(StringComparer.Ordinal);

    /// <summary>The last progress report of a batch this server is running, or null.</summary>
    public RunProgress? Progress(string batchId) => _progress.GetValueOrDefault(batchId);

    /// <summary>Starts a run; returns once its batch is planned (or the run ended before that).</summary>
    public async Task<RunStart> StartAsync(Caller caller, RunOrder order, CancellationToken ct)
    {
        var (permission, operation) = order.DryRun ? (Permission.RunDryRun, "DRY_RUN") : (Permission.InitiateBatch, "BATCH_RUN");
        await gate.AuthorizeAsync(caller, permission, operation, order.BatchId,
            new { period = order.Period.ToString(), workers = order.Workers, dry_run = order.DryRun }, ct);
        if (order.Workers < (order.DryRun ? 1 : 0) || order.Workers > options.Value.MaxWorkers)
        {
            throw new InvalidArgumentException("workers", $"must be from {(order.DryRun ? 1 : 0)} to {options.Value.MaxWorkers}, not {order.Workers}");
        }

        var started = new TaskCompletionSource<RunStart>(TaskCreationOptions.RunContinuationsAsynchronously);
        Launch(caller, order, started);
        return await started.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ResumeOpenBatches)
        {
            return;
        }

        foreach (var batch in await store.ListBatchesAsync(null, ResumeScan, stoppingToken))
        {
            if (!batch.IsMonthEnd() || !Resumable.Contains(batch.Status))
            {
                continue;
            }

            try
            {
                var caller = await signIn.WithSessionAsync(batch.InitiatedBy, ServerClient, stoppingToken);
                LogResuming(log, batch.BatchId, batch.InitiatedBy);
                Launch(caller, new RunOrder(batch.Period, batch.WorkerCount, DryRun: false, batch.BatchId), started: null);
            }
            catch (SignInFailedException e)
            {
                LogNotResumed(log, batch.BatchId, e.Message);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or AggregateException)
        {
            // Runs that did not reach their chunk boundary in time are cut off; the next start resumes them.
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _stop.Dispose();
        base.Dispose();
    }

    private void Launch(Caller caller, RunOrder order, TaskCompletionSource<RunStart>? started)
    {
        var run = Task.Run(() => RunAsync(caller, order, started, _stop.Token), CancellationToken.None);
        _running.TryAdd(run, 0);
        run.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private async Task RunAsync(Caller caller, RunOrder order, TaskCompletionSource<RunStart>? started, CancellationToken ct)
    {
        var request = new RunRequest(order.Period, order.BatchId, RuleSetLoader.LoadDefault(), caller.User, new RunSettings { Workers = order.Workers });
        string? batchId = null;
        try
        {
            if (order.DryRun)
            {
                started?.TrySetResult(new RunStart(DryRunOperations.DryRunId(order.Period), null, DryRun: true));
                var dry = await dryRuns.RunAsync(caller, new DryRunRequest(request, new Core.Storage.DryRunCopyOptions(), Keep: false), null, ct);
                LogDryRun(log, order.Period, caller.User, dry.Verdict);
                return;
            }

            var progress = new Reporter<RunProgress>(p =>
            {
                batchId = p.BatchId;
                _progress[p.BatchId] = p;
                if (p.Phase == RunPhase.Staging)
                {
                    history.Record(p.BatchId, p.RecordsDone, null);
                }
                if (p.Phase >= RunPhase.Staging)
                {
                    started?.TrySetResult(new RunStart(p.BatchId, null));
                }
            });
            var result = await batches.RunAsync(caller, request, progress, ct);
            started?.TrySetResult(new RunStart(result.Outcome.Batch?.BatchId, result.Outcome));
            LogFinished(log, order.Period, caller.User, result.Outcome.Result, result.Outcome.Batch?.BatchId);
        }
        catch (Exception e)
        {
            started?.TrySetException(e);
            LogFailed(log, order.Period, caller.User, e);
        }
        finally
        {
            if (batchId is not null)
            {
                _progress.TryRemove(batchId, out _);
            }
        }
    }

    /// <summary>Reports on the reporting thread, in order (<see cref="Progress{T}"/> posts them to the thread pool, out of order).</summary>
    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "resuming batch {BatchId} at start, on behalf of {User}")]
    private static partial void LogResuming(ILogger logger, string batchId, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "open batch {BatchId} not resumed: {Reason}")]
    private static partial void LogNotResumed(ILogger logger, string batchId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "web run of {Period} by {User} ended {Result}")]
    private static partial void LogFinished(ILogger logger, Period period, string user, RunResult result, string? batchId);

    [LoggerMessage(Level = LogLevel.Information, Message = "web dry run of {Period} by {User}: {Verdict}")]
    private static partial void LogDryRun(ILogger logger, Period period, string user, Core.DryRuns.DryRunVerdict verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "web run of {Period} by {User} failed")]
    private static partial void LogFailed(ILogger logger, Period period, string user, Exception error);
}
