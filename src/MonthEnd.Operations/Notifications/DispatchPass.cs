namespace MonthEnd.Operations.Notifications;

/// <summary>What one pass did on one channel: notifications delivered, a failed one (the channel then waits for the next pass), those another dispatcher held.</summary>
public sealed record ChannelPass(string Channel, int Delivered, int Failed, int Busy, string? LastError);

/// <summary>What one pass of the dispatcher did, per configured channel.</summary>
public sealed record DispatchPass(IReadOnlyList<ChannelPass> Channels)
{
    public int Delivered => Channels.Sum(c => c.Delivered);

    public int Failed => Channels.Sum(c => c.Failed);

    public bool DidAnything => Channels.Any(c => c.Delivered + c.Failed > 0);
}
