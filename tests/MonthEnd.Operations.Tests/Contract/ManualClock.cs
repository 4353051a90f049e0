namespace MonthEnd.Operations.Tests.Contract;

/// <summary>A clock the test sets or moves: expiries, backoffs and "at most once a minute" tested without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
