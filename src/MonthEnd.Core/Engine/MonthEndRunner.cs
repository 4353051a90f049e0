using System.Diagnostics;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Storage;
using MonthEnd.Core.Validation;

namespace MonthEnd.Core.Engine;

/// <summary>
/// Runs one batch through pre-flight, planning, staging, validation, commit and archiving, or
/// resumes it from wherever it stopped: every step is a recorded state change, so any process can
/// die at any point and a new run carries on from the database.
/// </summary>
public sealed class MonthEndRunner(IMonthEndStore store, IProgress<RunProgress>? progress = null)
{
    private readonly Dictionary<RunPhase, TimeSpan> _times = [];

    public async Task<RunOutcome> RunAsync(RunRequest request, CancellationToken ct)
    {
        request.Settings.Validate();
        var preflight = new Preflight(store);
        var batch = await Timed(RunPhase.Preflight, () => preflight.FindExistingAsync(request.Period, request.BatchId, ct));
        if (batch is not null && batch.Period != request.Period)
        {
            return Outcome(RunResult.Refused, $"batch {batch.BatchId} is for period {batch.Period}, not {request.Period}", batch);
        }

        if (batch is not null && !batch.IsMonthEnd())
        {
            return Outcome(RunResult.Refused,
                $"batch {batch.BatchId} is a {batch.Kind} batch: it is carried on by approving a new reversal request for {batch.ReversesBatchId}, not by run", batch);
        }

        if (batch is null)
        {
            var id = request.BatchId ?? await preflight.NewBatchIdAsync(request.Period, ct);
            Report(id, RunPhase.Preflight, "checking the source");
            var (planned, refusal) = await Timed(RunPhase.Planning, () => preflight.PlanAsync(request, id, ct));
            if (refusal is not null)
            {
                return refusal with { PhaseTimes = _times };
            }

            batch = planned!;
            await store.RecordEventAsync(batch.BatchId, "BATCH_PLANNED",
                $"{batch.PremiumCount} premiums, {batch.ClaimCount} claims, JE {batch.Sequence}, checksum {batch.SourceChecksum}", ct);
        }

        return await ContinueAsync(batch, request, ct);
    }

    private async Task<RunOutcome> ContinueAsync(BatchRecord batch, RunRequest request, CancellationToken ct)
    {
        var rules = await store.LoadRuleSetAsync(batch.RuleSetId, ct);
        switch (batch.Status)
        {
            case BatchStatus.Committed when batch.ArchivedAt is null:
                batch = await Timed(RunPhase.Archiving, () => store.ArchiveStagingAsync(batch.BatchId, ct));
                return Outcome(RunResult.Refused, $"batch {batch.BatchId} was already committed at {batch.CommittedAt:u}; its staging is now archived", batch);
            case BatchStatus.Committed:
                return Outcome(RunResult.Refused,
                    $"period {batch.Period} is already committed: batch {batch.BatchId} at {batch.CommittedAt:u} ({batch.ActualJeCount} entries)", batch);
            case BatchStatus.Failed:
                return Outcome(RunResult.Refused,
                    $"batch {batch.BatchId} FAILED: {batch.FailureReason}. Its staging is kept for investigation; " +
                    "abort it to discard it and run again", batch);
            case BatchStatus.Aborted or BatchStatus.RolledBack:
                return Outcome(RunResult.Refused, $"batch {batch.BatchId} is {batch.Status.Code()}; run the period again without --batch-id, or with a new one", batch);
            case BatchStatus.Paused:
                return Outcome(RunResult.Paused, $"batch {batch.BatchId} is PAUSED ({batch.FailureReason}); resume it first", batch);
        }

        if (batch.Status is BatchStatus.Planned or BatchStatus.Running)
        {
            var staged = await StageAsync(batch, rules, request.Settings, ct);
            if (staged.Outcome is not null)
            {
                return staged.Outcome;
            }

            batch = staged.Batch;
        }

        return await ValidateAndCommitAsync(batch, rules, request.InitiatedBy, ct);
    }

    private async Task<(BatchRecord Batch, RunOutcome? Outcome)> StageAsync(BatchRecord batch, RuleSet rules, RunSettings settings, CancellationToken ct)
    {
        if (batch.Status == BatchStatus.Planned)
        {
            (batch, _) = await MoveUnlessAnotherRunDidAsync(batch, BatchStatus.Running, ct);
        }

        var retried = await store.RetryFailedPartitionsAsync(batch.BatchId, ct);
        if (retried > 0)
        {
            await store.RecordEventAsync(batch.BatchId, "PARTITIONS_RETRIED", $"{retried} failed partitions put back to work, each from its first record", ct);
        }

        await Timed(RunPhase.Staging, () => new StagingPhase(store, settings, progress).RunAsync(batch, rules, ct));
        var partitions = await store.GetPartitionsAsync(batch.BatchId, ct);
        batch = await store.FindBatchAsync(batch.BatchId, ct) ?? throw new InvalidOperationException($"batch {batch.BatchId} vanished");
        var failed = partitions.Where(p => p.Status == PartitionStatus.Failed).ToList();
        if (batch.Status == BatchStatus.Running && failed.Count > 0)
        {
            return (batch, await PartitionsFailedAsync(batch, partitions, failed, settings, ct));
        }

        if (batch.Status == BatchStatus.Running)
        {
            (batch, var ours) = await MoveUnlessAnotherRunDidAsync(batch, BatchStatus.Validating, ct);
            if (ours)
            {
                return (batch, null);
            }
        }

        return batch.Status switch
        {
            BatchStatus.Validating or BatchStatus.Committing or BatchStatus.Committed => (batch, ValidatedByAnotherRun(batch)),
            BatchStatus.Paused => (batch, Outcome(RunResult.Paused, $"batch {batch.BatchId} was paused: {batch.FailureReason}", batch)),
            BatchStatus.Aborted => (batch, Outcome(RunResult.Aborted, $"batch {batch.BatchId} was aborted: {batch.FailureReason}", batch)),
            _ => (batch, Outcome(RunResult.Refused, $"batch {batch.BatchId} is {batch.Status.Code()}", batch)),
        };
    }

    /// <summary>
    /// Moves the batch on, unless another run (a second `monthend run` on the same database, which
    /// joins the staging as more workers) moved it first: then the batch as that run left it.
    /// </summary>
    private async Task<(BatchRecord Batch, bool Ours)> MoveUnlessAnotherRunDidAsync(BatchRecord batch, BatchStatus to, CancellationToken ct)
    {
        try
        {
            return (await store.MoveAsync(batch.BatchId, batch.Status, to, null, ct), true);
        }
        catch (BatchStateException e) when (e.Actual is { } actual && actual != batch.Status)
        {
            return (await store.FindBatchAsync(batch.BatchId, ct) ?? throw new InvalidOperationException($"batch {batch.BatchId} vanished"), false);
        }
    }

    /// <summary>The run that moved the batch to VALIDATING validates and commits it; this one stops, having staged its share.</summary>
    private RunOutcome ValidatedByAnotherRun(BatchRecord batch) =>
        Outcome(RunResult.Refused,
            $"batch {batch.BatchId} is {batch.Status.Code()}: another monthend run on this database took it on to validation and commit; " +
            "its status tells how that ends", batch);

    private async Task<RunOutcome> PartitionsFailedAsync(
        BatchRecord batch, IReadOnlyList<PartitionRecord> partitions, List<PartitionRecord> failed, RunSettings settings, CancellationToken ct)
    {
        var reasons = string.Join("; ", failed.Take(5).Select(p => $"partition {p.PartitionNo}: {p.Error}"));
        if (failed.Count > settings.FailedPartitionPauseShare * partitions.Count)
        {
            var reason = $"{failed.Count} of {partitions.Count} partitions failed (more than {settings.FailedPartitionPauseShare:P0}): {reasons}";
            batch = await store.MoveAsync(batch.BatchId, BatchStatus.Running, BatchStatus.Paused, reason, ct);
            return Outcome(RunResult.Paused, $"batch {batch.BatchId} paused itself: {reason}", batch);
        }

        return Outcome(RunResult.PartitionsFailed,
            $"{failed.Count} of {partitions.Count} partitions failed: {reasons}. Fix the cause and run again to retry them", batch);
    }

    private async Task<RunOutcome> ValidateAndCommitAsync(BatchRecord batch, RuleSet rules, string actor, CancellationToken ct)
    {
        Report(batch.BatchId, RunPhase.Validating, "validating and committing");
        CommitOutcome committed;
        try
        {
            committed = await Timed(RunPhase.Committing, () => store.ValidateAndCommitAsync(batch, rules, commit: true, actor, ct));
        }
        catch (BatchStateException e) when (e.Actual is BatchStatus.Committed or BatchStatus.Failed)
        {
            // Another run validated the batch while this one waited its turn for the commit.
            return ValidatedByAnotherRun(await store.FindBatchAsync(batch.BatchId, ct) ?? batch);
        }

        if (!committed.Report.Passed)
        {
            return Outcome(RunResult.ValidationFailed,
                $"validation failed, nothing was committed and staging is kept for investigation: {committed.Report.Summary()}",
                committed.Batch, committed.Report) with { CommitSteps = committed.Steps };
        }

        Report(batch.BatchId, RunPhase.Archiving, "archiving staging");
        batch = await Timed(RunPhase.Archiving, () => store.ArchiveStagingAsync(batch.BatchId, ct));
        Report(batch.BatchId, RunPhase.Done, "committed");
        var written = committed.Commit!;
        return Outcome(RunResult.Committed, $"batch {batch.BatchId} COMMITTED: {written.HeadersWritten} journal entries, {written.LinesWritten} lines",
            batch, committed.Report) with
        {
            Commit = written,
            CommitSteps = committed.Steps,
        };
    }

    private RunOutcome Outcome(RunResult result, string message, BatchRecord? batch, ValidationReport? report = null) =>
        new(result, message, batch, report, PhaseTimes: _times);

    private void Report(string batchId, RunPhase phase, string message) =>
        progress?.Report(new RunProgress(batchId, phase, 0, 0, 0, message));

    private async Task<T> Timed<T>(RunPhase phase, Func<Task<T>> step)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return await step();
        }
        finally
        {
            _times[phase] = _times.GetValueOrDefault(phase) + watch.Elapsed;
        }
    }

    private async Task Timed(RunPhase phase, Func<Task> step) =>
        await Timed(phase, async () =>
        {
            await step();
            return true;
        });
}
