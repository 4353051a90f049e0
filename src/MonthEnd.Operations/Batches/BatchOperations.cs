using Microsoft.Extensions.Logging;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Operations.Batches;

/// <summary>The batch family: run (plan, stage, validate, commit, or resume), pause, resume, abort, status, list.</summary>
public sealed partial class BatchOperations(IMonthEndStore store, OperationGate gate, BatchSeals seals, ILogger<BatchOperations> log)
{
    /// <summary>Runs or resumes the period's batch as the caller; a commit is sealed in the trail at once.</summary>
    public async Task<BatchRunResult> RunAsync(Caller caller, RunRequest request, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        var asked = request with { InitiatedBy = caller.User };
        var details = new
        {
            period = request.Period.ToString(),
            batch_id = request.BatchId,
            workers = request.Settings.Workers,
            chunk_size = request.Settings.ChunkSize,
            rules_version = request.Rules.Version,
        };
        var outcome = await gate.ChangeAsync(caller, Permission.InitiateBatch, "BATCH_RUN", request.BatchId, details,
            c => new MonthEndRunner(store, progress).RunAsync(asked, c),
            o => new { result = o.Result.ToString().ToUpperInvariant(), batch_id = o.Batch?.BatchId, status = o.Batch?.Status.Code(), o.Message }, ct);
        LogRun(log, request.Period, caller.User, outcome.Result, outcome.Batch?.BatchId, outcome.Message);
        if (outcome.Batch is { Status: BatchStatus.Committed } committed)
        {
            await seals.SealAsync(caller, committed, CancellationToken.None);
        }

        var ledger = outcome.Result == RunResult.Committed ? await store.SummarizeLedgerAsync(outcome.Batch!.BatchId, ct) : null;
        return new BatchRunResult(outcome, ledger, await store.GetFundBalancesAsync(ct));
    }

    /// <summary>The batch a run of the period would carry on (after an interruption, to say where it stands); null when none.</summary>
    public async Task<BatchRecord?> FindForRunAsync(Caller caller, Period period, string? batchId, CancellationToken ct)
    {
        await gate.AuthorizeAsync(caller, Permission.ViewBatchStatus, "BATCH_STATUS", batchId, null, ct);
        return await new Preflight(store).FindExistingAsync(period, batchId, ct);
    }

    public Task<BatchRecord> PauseAsync(Caller caller, string? batchId, string? reason, CancellationToken ct) =>
        ChangeAsync(caller, Permission.PauseBatch, "BATCH_PAUSED", batchId, reason, (batch, why, c) =>
            store.MoveAsync(batch.BatchId, batch.Status, BatchStatus.Paused, why ?? $"paused by {caller.User}", c), ct);

    public Task<BatchRecord> ResumeAsync(Caller caller, string? batchId, string? reason, CancellationToken ct) =>
        ChangeAsync(caller, Permission.ResumeBatch, "BATCH_RESUMED", batchId, reason, (batch, _, c) =>
            store.MoveAsync(batch.BatchId, BatchStatus.Paused, BatchStatus.Running, null, c), ct);

    public Task<BatchRecord> AbortAsync(Caller caller, string? batchId, string? reason, CancellationToken ct) =>
        ChangeAsync(caller, Permission.AbortBatch, "BATCH_ABORTED", batchId, reason, (batch, why, c) =>
            store.AbortAsync(batch.BatchId, why ?? $"aborted by {caller.User}", c), ct);

    public async Task<BatchStatusView> StatusAsync(Caller caller, string? batchId, CancellationToken ct)
    {
        var id = ValidBatchId(batchId);
        return await gate.ReadAsync(caller, Permission.ViewBatchStatus, "BATCH_STATUS", id, null, sensitive: false, c => ReadStatusAsync(id, c), ct);
    }

    public Task<BatchListView> ListAsync(Caller caller, Period? period, int limit, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ViewAllBatches, "BATCHES_LISTED", null, null, sensitive: false,
            async c => new BatchListView(await store.ListBatchesAsync(period, limit, c), await store.GetFundBalancesAsync(c)), ct);

    private async Task<BatchRecord> ChangeAsync(
        Caller caller, Permission permission, string operation, string? batchId, string? reason,
        Func<BatchRecord, string?, CancellationToken, Task<BatchRecord>> change, CancellationToken ct)
    {
        var id = ValidBatchId(batchId);
        var why = Arguments.OptionalText("--reason", reason);
        await gate.AuthorizeAsync(caller, permission, operation, id, new { reason = why }, ct);
        var before = await FindAsync(id, ct);
        return await gate.ChangeAsync(caller, permission, operation, id, new { reason = why },
            c => change(before, why, c), b => new { status = b.Status.Code() }, ct, before: new { status = before.Status.Code() });
    }

    private async Task<BatchRecord> FindAsync(string id, CancellationToken ct) =>
        await store.FindBatchAsync(id, ct) ?? throw new NotFoundException($"no batch {id}");

    [LoggerMessage(Level = LogLevel.Information, Message = "run of {Period} by {User}: {Result}: {Outcome}")]
    private static partial void LogRun(ILogger logger, Period period, string user, RunResult result, string? batchId, string outcome);

    private static string ValidBatchId(string? batchId) => Arguments.BatchId(batchId);
}
