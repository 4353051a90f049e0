namespace MonthEnd.Core.Calendar;

/// <summary>The rules both stores apply to accounting periods, so that they answer alike.</summary>
public static class PeriodList
{
    /// <summary>The stored periods and those that only have batches (open, never closed), newest first.</summary>
    public static IReadOnlyList<AccountingPeriod> Merge(IReadOnlyList<AccountingPeriod> stored, IEnumerable<Period> batched)
    {
        var known = stored.Select(p => p.Period).ToHashSet();
        return [.. stored.Concat(batched.Where(known.Add).Select(AccountingPeriod.NeverClosed))
            .OrderByDescending(p => p.Period.Year).ThenByDescending(p => p.Period.Month)];
    }

    /// <summary>Why a period cannot take the status asked; null when it can.</summary>
    public static string? Refusal(AccountingPeriod current, PeriodStatus to, string? openBatch) => to switch
    {
        _ when current.Status == to => $"it is already {to.Code()}",
        PeriodStatus.Closed when openBatch is not null =>
            $"batch {openBatch} of the period is still open; commit, abort or roll it back before closing the period",
        _ => null,
    };
}
