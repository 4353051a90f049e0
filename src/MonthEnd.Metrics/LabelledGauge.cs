using Prometheus;

namespace MonthEnd.Metrics;

/// <summary>
/// A labelled gauge set afresh at every scrape: a series not set in a round (a batch that left the
/// window, a worker that let go of its partition) is removed when the round ends, so label sets stay
/// bounded by what the database holds now.
/// </summary>
internal sealed class LabelledGauge(Gauge gauge)
{
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public string Name => gauge.Name;

    public void Set(double value, params string[] labels)
    {
        gauge.WithLabels(labels).Set(value);
        _touched.Add(Key(labels));
    }

    public void BeginRound() => _touched.Clear();

    public void EndRound()
    {
        foreach (var labels in gauge.GetAllLabelValues().ToList())
        {
            if (!_touched.Contains(Key(labels)))
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }

    private static string Key(string[] labels) => string.Join('\u001f', labels);
}
