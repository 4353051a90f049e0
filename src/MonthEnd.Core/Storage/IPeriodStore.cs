using MonthEnd.Core.Calendar;

namespace MonthEnd.Core.Storage;

/// <summary>Accounting periods: which months are closed to posting.</summary>
public interface IPeriodStore
{
    /// <summary>The period as stored; a month never closed is OPEN with no one named.</summary>
    Task<AccountingPeriod> GetPeriodAsync(Period period, CancellationToken ct);

    /// <summary>Every period ever closed or reopened, and every period a batch was planned for, newest first.</summary>
    Task<IReadOnlyList<AccountingPeriod>> ListPeriodsAsync(CancellationToken ct);

    /// <summary>
    /// Closes or reopens a period. Closing is refused with <see cref="PeriodStateException"/> while a
    /// batch of the period is open (planned to failed: it could still post), or when the period is
    /// already closed; reopening when it is open. Closing and planning a batch exclude each other in
    /// the database, so no batch slips into a period as it closes.
    /// </summary>
    Task<AccountingPeriod> SetPeriodStatusAsync(Period period, PeriodStatus status, string changedBy, string reason, DateTimeOffset at, CancellationToken ct);
}

/// <summary>A period that cannot be closed or reopened as asked, or a posting refused because its period is closed.</summary>
public sealed class PeriodStateException(Period period, string reason) : Exception($"accounting period {period}: {reason}")
{
    public Period Period { get; } = period;

    public string Reason { get; } = reason;
}
