using MonthEnd.Core.Calendar;

namespace MonthEnd.Postgres.Rows;

internal sealed record PeriodRow(string period, string status, DateTime changed_at, string changed_by, string reason)
{
    public AccountingPeriod ToPeriod() =>
        new(Period.Parse(period), PeriodStatuses.Parse(status), UtcTime.Read(changed_at), changed_by, reason);
}
