using System.Diagnostics;
using System.Globalization;

namespace MonthEnd.Postgres.Staging;

/// <summary>
/// Where a reversal's staging spends its time, summed over its chunks (two run at once, so the
/// phases add up to more than the wall time): logged with the staging so an operator, and the
/// bench, can see which part to work on.
/// </summary>
internal sealed class MirrorCopyClock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long[] _ticks = new long[Enum.GetValues<Phase>().Length];
    private int _chunks;

    public enum Phase
    {
        ReadHeaders,
        ReadLines,
        CopyHeaders,
        CopyLines,
        Seal,
        Chunk,
    }

    public void Add(Phase phase, long ticks) => Interlocked.Add(ref _ticks[(int)phase], ticks);

    public void ChunkDone() => Interlocked.Increment(ref _chunks);

    public override string ToString()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        return string.Create(CultureInfo.InvariantCulture,
            $"{_chunks} chunks in {_wall.Elapsed.TotalSeconds:0.00}s (this process's CPU {cpu.TotalSeconds:0.00}s); summed over chunks: " +
            $"read headers {Seconds(Phase.ReadHeaders):0.00}s, read lines {Seconds(Phase.ReadLines):0.00}s, " +
            $"mirror + COPY headers {Seconds(Phase.CopyHeaders):0.00}s, mirror + COPY lines {Seconds(Phase.CopyLines):0.00}s, " +
            $"seal {Seconds(Phase.Seal):0.00}s, whole chunk transactions {Seconds(Phase.Chunk):0.00}s");
    }

    private double Seconds(Phase phase) => (double)Interlocked.Read(ref _ticks[(int)phase]) / Stopwatch.Frequency;
}
