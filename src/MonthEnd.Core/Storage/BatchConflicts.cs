using MonthEnd.Core.Batches;
using MonthEnd.Core.Planning;

namespace MonthEnd.Core.Storage;

/// <summary>A batch holding the period or the ledger's next JE numbers, as a store finds it after a refused insert.</summary>
public sealed record ConflictingBatch(string BatchId, string Period, string Status);

/// <summary>Says why the database refused a new batch, in words an operator can act on.</summary>
public static class BatchConflicts
{
    /// <summary>Open statuses, plus COMMITTED, hold a period; only open ones hold the ledger's next numbers.</summary>
    public static IReadOnlyList<string> PeriodHolders { get; } = [.. BatchStatuses.Open.Select(s => s.Code()), BatchStatus.Committed.Code()];

    public static string Describe(BatchPlan plan, BatchRecord? sameId, IReadOnlyList<ConflictingBatch> holders)
    {
        if (sameId is not null)
        {
            return $"batch id {plan.BatchId} is already taken by a {sameId.Status.Code()} batch of period {sameId.Period}";
        }

        if (holders.FirstOrDefault(h => h.Period == plan.Period.ToString()) is { } samePeriod)
        {
            return samePeriod.Status == BatchStatus.Committed.Code()
                ? $"period {plan.Period} is already committed by batch {samePeriod.BatchId}"
                : $"period {plan.Period} already has batch {samePeriod.BatchId} ({samePeriod.Status}); only one batch per period may be open";
        }

        return holders.Count > 0
            ? $"the ledger's next JE numbers (from {plan.Sequence.First}) are held by open batch {holders[0].BatchId} of period {holders[0].Period} " +
              $"({holders[0].Status}); commit or abort it first"
            : $"the database refused batch {plan.BatchId} (a constraint failed while it was planned)";
    }
}
