using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MonthEnd.Viewers;

/// <summary>The batch's own time (created → committed, from the server's clock) and the viewers' requests.</summary>
public sealed record LoadReport(int Viewers, string BatchId, string BatchStatus, TimeSpan BatchTime, IReadOnlyList<(string Phase, double Seconds)> Phases, IReadOnlyList<Sample> Samples)
{
    public static LoadReport Of(int viewers, JsonElement final, IReadOnlyList<Sample> samples)
    {
        var batch = final.GetProperty("batch");
        var created = batch.GetProperty("created_at").GetDateTimeOffset();
        var ended = batch.GetProperty("committed_at") is { ValueKind: JsonValueKind.String } c ? c.GetDateTimeOffset() : DateTimeOffset.UtcNow;
        var phases = final.GetProperty("phases").EnumerateArray().Select(p => (p.GetProperty("phase").GetString()!, p.GetProperty("seconds").GetDouble())).ToList();
        return new LoadReport(viewers, batch.GetProperty("batch_id").GetString()!, batch.GetProperty("status").GetString()!, ended - created, phases, samples);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"viewers {Viewers}: batch {BatchId} {BatchStatus}, created -> committed {BatchTime.TotalSeconds:0.0} s (");
        text.AppendJoin("; ", Phases.Select(p => string.Create(inv, $"{p.Phase} {p.Seconds:0.0} s"))).Append(")\n");
        if (Samples.Count == 0)
        {
            return text.Append("no viewer requests").ToString();
        }

        foreach (var group in Samples.GroupBy(s => s.Kind).Prepend(Samples.GroupBy(_ => "all").Single()))
        {
            var ms = group.Select(s => s.Latency.TotalMilliseconds).Order().ToArray();
            var errors = group.Count(s => s.Error is not null);
            text.Append(inv, $"  {group.Key,-4}: {ms.Length,6} requests, {errors} errors, latency p50 {Rank(ms, 0.50):0} ms, p95 {Rank(ms, 0.95):0} ms, max {ms[^1]:0} ms\n");
        }

        foreach (var error in Samples.Where(s => s.Error is not null).GroupBy(s => s.Error))
        {
            text.Append(inv, $"  error {error.Key}: {error.Count()}\n");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
