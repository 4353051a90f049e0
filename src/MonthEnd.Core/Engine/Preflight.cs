using MonthEnd.Core.Accounting;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Planning;
using MonthEnd.Core.Source;
using MonthEnd.Core.Storage;

namespace MonthEnd.Core.Engine;

/// <summary>
/// Before anything is staged: find the batch to resume, or check the source and plan a new one.
/// Invalid source or a conflicting batch is refused here, leaving nothing behind.
/// </summary>
public sealed class Preflight(IMonthEndStore store)
{
    /// <summary>The batch a run should continue: the given id, or the period's open or committed batch.</summary>
    public async Task<BatchRecord?> FindExistingAsync(Period period, string? batchId, CancellationToken ct)
    {
        if (batchId is not null)
        {
            return await store.FindBatchAsync(BatchId.Validate(batchId), ct);
        }

        var batches = await store.ListBatchesAsync(period, 100, ct);
        return batches.FirstOrDefault(b => b.IsMonthEnd() && (b.Status.IsOpen() || b.Status == BatchStatus.Committed));
    }

    /// <summary>The id of a new batch: the default YYYY-MM-MONTHEND, or -R2, -R3… when an ended batch already used it.</summary>
    public async Task<string> NewBatchIdAsync(Period period, CancellationToken ct)
    {
        var baseId = BatchId.DefaultFor(period);
        var id = baseId;
        for (var attempt = 2; await store.FindBatchAsync(id, ct) is not null; attempt++)
        {
            id = $"{baseId}-R{attempt}";
        }

        return id;
    }

    /// <summary>Scans the source and, when it is clean and not empty, plans and records a new batch.</summary>
    public async Task<(BatchRecord? Batch, RunOutcome? Refusal)> PlanAsync(RunRequest request, string batchId, CancellationToken ct)
    {
        if (await store.GetPeriodAsync(request.Period, ct) is { IsClosed: true } closed)
        {
            return (null, new RunOutcome(RunResult.Refused,
                $"accounting period {request.Period} is closed (by {closed.ChangedBy}: {Text.Shown.Quote(closed.Reason)}); nothing is posted into a closed period; " +
                "reopen it first (four-eyes) if it must take this batch"));
        }

        var settings = request.Settings;
        var slicingWorkers = Math.Max(settings.Workers, 1);
        // Read before the scan, which numbers each partition's expected content from it; should the
        // ledger move meanwhile, the batch is refused when recorded (its numbers overlap) or at
        // commit (LEDGER_CONTINUITY), never committed on stale numbers.
        var firstJeNumber = await store.NextJeNumberAsync(ct);
        var (scan, version) = await store.ReadSourceSnapshotAsync(request.Period, async (source, token) =>
        {
            var result = await SourcePass.ScanAsync(source, request.Rules,
                BatchPlanner.SliceSize(source.PremiumCount, slicingWorkers, settings.ChunkSize),
                BatchPlanner.SliceSize(source.ClaimCount, slicingWorkers, settings.ChunkSize), onViolation: null, firstJeNumber, token);
            return (result, source.Version);
        }, ct);
        if (!scan.IsValid)
        {
            return (null, new RunOutcome(RunResult.InvalidSource,
                $"pre-flight refused the batch: {scan.InvalidRecordCount} invalid source records in {request.Period}; nothing was staged",
                InvalidSource: scan));
        }

        if (scan.Totals.PremiumCount + scan.Totals.ClaimCount == 0)
        {
            return (null, new RunOutcome(RunResult.Refused,
                $"nothing to post: {request.Period} has no unprocessed premiums in a posting status nor claims in a posting status"));
        }

        if (await FundBalanceBeyondLedgerAsync(scan.Totals, ct) is { } fundRefusal)
        {
            return (null, fundRefusal);
        }

        var plan = BatchPlanner.Plan(batchId, request.Period, request.Rules, scan, firstJeNumber,
            settings.Workers, settings.ChunkSize, request.InitiatedBy) with
        {
            SourceVersion = version,
        };
        if (plan.Partitions.Count > store.Limits.MaxPartitions)
        {
            var breach = new LimitBreach(LimitBreach.Partitions, store.Limits.MaxPartitions, plan.Partitions.Count, store.Limits.PartitionReason);
            return (null, new RunOutcome(RunResult.LimitExceeded,
                $"the plan needs {plan.Partitions.Count} partitions but this store holds at most {breach.Allowed} per batch " +
                $"(limit {breach.Limit}: {breach.Reason}); nothing was stored", Limit: breach));
        }

        var ruleSetId = await store.SaveRuleSetAsync(request.Rules, request.InitiatedBy, ct);
        try
        {
            var batch = await store.CreateBatchAsync(plan, ruleSetId, ct);
            return (batch, null);
        }
        catch (BatchConflictException e)
        {
            return (null, new RunOutcome(RunResult.Refused, e.Message));
        }
        catch (PeriodStateException e)
        {
            return (null, new RunOutcome(RunResult.Refused, e.Message));
        }
    }

    /// <summary>
    /// A fund whose balance after the batch would pass what the ledger's amount column holds: the
    /// commit would fail at its last step (PostgreSQL: numeric overflow), so it is refused here.
    /// </summary>
    private async Task<RunOutcome?> FundBalanceBeyondLedgerAsync(SourceTotals totals, CancellationToken ct)
    {
        var balances = await store.GetFundBalancesAsync(ct);
        foreach (var fund in Funds.All)
        {
            var after = balances[fund] + totals.ExpectedNetChange(fund);
            if (!after.FitsLedger)
            {
                var breach = new LimitBreach(LimitBreach.FundBalance, Money.MaxLedgerAmount.ToDecimal(), after.ToDecimal(),
                    $"fund {fund.Code()} holds {balances[fund]} IDR and this batch moves it by {totals.ExpectedNetChange(fund)} IDR");
                return new RunOutcome(RunResult.LimitExceeded,
                    $"{breach.Reason}: {after} IDR after the batch is beyond the ledger's largest amount {Money.MaxLedgerAmount} " +
                    $"(limit {breach.Limit}); nothing was stored", Limit: breach);
            }
        }

        return null;
    }
}
