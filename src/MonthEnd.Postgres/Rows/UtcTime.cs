namespace MonthEnd.Postgres.Rows;

/// <summary>
/// Times the caller gives (users, tokens, approvals) as this store sends and reads them: UTC
/// DateTimes, truncated here to the microsecond timestamptz keeps (the SQLite store truncates the
/// same way), so that both stores give back the same instant whatever the driver would round.
/// </summary>
internal static class UtcTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTime Of(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TicksPerMicrosecond), DateTimeKind.Utc);

    public static DateTime? Of(DateTimeOffset? time) => time is { } t ? Of(t) : null;

    public static DateTimeOffset Read(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static DateTimeOffset? ReadOrNull(DateTime? time) => time is { } t ? Read(t) : null;
}
