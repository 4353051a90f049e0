using MonthEnd.Core.Approvals;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;

namespace MonthEnd.Operations.Periods;

/// <summary>A period with what the batches did in it, for `period list`.</summary>
public sealed record PeriodView(AccountingPeriod Period, IReadOnlyList<Core.Batches.BatchRecord> Batches);

/// <summary>The accounting periods family: list them; close and reopen them under the four-eyes rule.</summary>
public sealed class PeriodOperations(IMonthEndStore store, OperationGate gate, ApprovalOperations approvals)
{
    public Task<IReadOnlyList<PeriodView>> ListAsync(Caller caller, CancellationToken ct) =>
        gate.ReadAsync<IReadOnlyList<PeriodView>>(caller, Permission.ViewAllBatches, "PERIODS_LISTED", null, null, sensitive: false, async c =>
        {
            var periods = await store.ListPeriodsAsync(c);
            var batches = await store.ListBatchesAsync(null, 100_000, c);
            return [.. periods.Select(p => new PeriodView(p, [.. batches.Where(b => b.Period == p.Period)]))];
        }, ct);

    /// <summary>Asks for the period to be closed; a second holder of close_period approves it (`approve ID`).</summary>
    public Task<ApprovalRequest> RequestCloseAsync(Caller caller, Period period, string? reason, CancellationToken ct) =>
        approvals.RequestAsync(caller, PeriodChange.Close, new PeriodSubject(period.ToString()).ToJson(), reason, ct);

    public Task<ApprovalRequest> RequestReopenAsync(Caller caller, Period period, string? reason, CancellationToken ct) =>
        approvals.RequestAsync(caller, PeriodChange.Reopen, new PeriodSubject(period.ToString()).ToJson(), reason, ct);
}
