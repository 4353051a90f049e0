using MonthEnd.Core.Calendar;

namespace MonthEnd.Sqlite.Rows;

internal sealed record PeriodRow(string period, string status, string changed_at, string changed_by, string reason)
{
    public AccountingPeriod ToPeriod() =>
        new(Period.Parse(period), PeriodStatuses.Parse(status), UtcText.Parse(changed_at), changed_by, reason);
}
