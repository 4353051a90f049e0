namespace MonthEnd.Core.Calendar;

/// <summary>Whether a month still takes postings. A month never closed is open.</summary>
public enum PeriodStatus
{
    Open,
    Closed,
}

/// <summary>
/// An accounting month and who last closed or reopened it. A closed period takes no posting: no
/// batch is planned, committed, rolled back or reversed into it (the databases refuse it too).
/// </summary>
public sealed record AccountingPeriod(Period Period, PeriodStatus Status, DateTimeOffset? ChangedAt, string? ChangedBy, string? Reason)
{
    public static AccountingPeriod NeverClosed(Period period) => new(period, PeriodStatus.Open, null, null, null);

    public bool IsClosed => Status == PeriodStatus.Closed;
}

public static class PeriodStatuses
{
    public static string Code(this PeriodStatus status) => status switch
    {
        PeriodStatus.Open => "OPEN",
        PeriodStatus.Closed => "CLOSED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static PeriodStatus Parse(string code) => code switch
    {
        "OPEN" => PeriodStatus.Open,
        "CLOSED" => PeriodStatus.Closed,
        _ => throw new FormatException($"{Text.Shown.Quote(code)} is not a period status"),
    };
}
