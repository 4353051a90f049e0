using System.Collections.Concurrent;

namespace MonthEnd.Web.Live;

/// <summary>One point of a batch's throughput curve: records processed by then, and the rate since the point before.</summary>
public sealed record ThroughputSample(DateTimeOffset At, long Records, decimal? PerSecond);

/// <summary>
/// The throughput curve of each batch this server has seen move: fed by the batches the server runs
/// itself (their progress reports) and by the live views it reads for watchers. The store keeps no
/// per-chunk history, so a batch first seen mid-way starts its curve at the moment staging began
/// (from its lifecycle events) and the average since. Bounded: a long batch's older points are
/// thinned, and a batch not touched for an hour is forgotten.
/// </summary>
public sealed class ThroughputHistory(TimeProvider clock)
{
    /// <summary>The most points a curve keeps; beyond it every other older point goes.</summary>
    public const int MaxSamples = 720;

    private static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Forget = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Curve> _curves = new(StringComparer.Ordinal);

    /// <summary>Adds a point (staging began at <paramref name="stagingSince"/>, when known); points closer than a second are merged.</summary>
    /// <param name="onlyIfMoved">
    /// After staging (validating, committing, committed) only a point that shows records the curve has not
    /// seen yet is added: the last stretch of a staging this server did not watch to its end.
    /// </param>
    public void Record(string batchId, long records, DateTimeOffset? stagingSince, bool onlyIfMoved = false)
    {
        var now = clock.GetUtcNow();
        var curve = _curves.GetOrAdd(batchId, _ => new Curve());
        lock (curve)
        {
            curve.TouchedAt = now;
            if (onlyIfMoved && curve.Samples.Count == 0)
            {
                return; // a batch this server never saw staging: no curve rather than one averaged over days
            }

            if (curve.Samples.Count == 0 && stagingSince is { } since && since < now)
            {
                curve.Samples.Add(new ThroughputSample(since, 0, null));
            }

            if (curve.Samples.Count > 0 && curve.Samples[^1] is var last
                && (records < last.Records || now <= last.At || (onlyIfMoved ? records == last.Records : now - last.At < MinimumSpacing)))
            {
                return;
            }

            var previous = curve.Samples.Count > 0 ? curve.Samples[^1] : null;
            var rate = previous is null ? (decimal?)null : decimal.Round((records - previous.Records) / (decimal)(now - previous.At).TotalSeconds, 1);
            curve.Samples.Add(new ThroughputSample(now, records, rate));
            if (curve.Samples.Count > MaxSamples)
            {
                Thin(curve.Samples);
            }
        }

        ForgetOld(now);
    }

    /// <summary>The curve so far, oldest first (empty when the server never saw the batch move).</summary>
    public IReadOnlyList<ThroughputSample> Of(string batchId)
    {
        if (!_curves.TryGetValue(batchId, out var curve))
        {
            return [];
        }

        lock (curve)
        {
            return [.. curve.Samples];
        }
    }

    // Keeps the first point, every other of the older half, and the newer half whole; rates are recomputed across the gaps.
    private static void Thin(List<ThroughputSample> samples)
    {
        var half = samples.Count / 2;
        var kept = samples.Take(half).Where((_, i) => i % 2 == 0).Concat(samples.Skip(half)).ToList();
        samples.Clear();
        foreach (var s in kept)
        {
            var previous = samples.Count > 0 ? samples[^1] : null;
            samples.Add(previous is null ? s with { PerSecond = null }
                : s with { PerSecond = decimal.Round((s.Records - previous.Records) / (decimal)Math.Max((s.At - previous.At).TotalSeconds, 0.001), 1) });
        }
    }

    private void ForgetOld(DateTimeOffset now)
    {
        foreach (var (id, curve) in _curves)
        {
            if (now - curve.TouchedAt > Forget)
            {
                _curves.TryRemove(id, out _);
            }
        }
    }

    private sealed class Curve
    {
        public List<ThroughputSample> Samples { get; } = [];

        public DateTimeOffset TouchedAt { get; set; }
    }
}
