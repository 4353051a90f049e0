namespace MonthEnd.Bench;

/// <summary>Samples the managed heap every 50 ms; the OS gives the peak working set itself.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 50);

    public long PeakManagedBytes => Interlocked.Read(ref _peak);

    public void Dispose() => _timer.Dispose();

    public void Stop()
    {
        _timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        var now = GC.GetTotalMemory(forceFullCollection: false);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
