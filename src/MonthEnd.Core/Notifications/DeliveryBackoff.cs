namespace MonthEnd.Core.Notifications;

/// <summary>
/// When a failed delivery is tried again: the base delay doubled per attempt made, capped, with up to
/// a fifth added at random so that many dispatchers do not retry in step.
/// </summary>
public static class DeliveryBackoff
{
    public static TimeSpan After(int attempts, TimeSpan first, TimeSpan cap, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var ticks = Math.Min(cap.Ticks, first.Ticks * (1L << Math.Min(doublings, 20)));
        return TimeSpan.FromTicks(ticks + (long)(ticks * Math.Min(jitter, 1.0) * 0.2));
    }
}
