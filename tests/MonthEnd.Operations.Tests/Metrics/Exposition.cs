using System.Globalization;
using System.Text.RegularExpressions;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>One sample of a scrape: its name, labels and value.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Prometheus' text format read back by the tests themselves (not by the library that wrote it):
/// the families a scrape declares (# TYPE) and its samples.
/// </summary>
public sealed partial class Exposition
{
    private Exposition(IReadOnlySet<string> families, IReadOnlyList<Sample> samples)
    {
        Families = families;
        Samples = samples;
    }

    /// <summary>Every metric family declared, with a series or not.</summary>
    public IReadOnlySet<string> Families { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static Exposition Parse(string text)
    {
        var families = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                families.Add(line.Split(' ')[2]);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            match.Success.ShouldBeTrue($"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["k"].Value, m => m.Groups["v"].Value, StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return new Exposition(families, samples);
    }

    /// <summary>The samples of a name whose labels include every given pair.</summary>
    public IReadOnlyList<Sample> Of(string name, params (string Label, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value))];

    /// <summary>The one sample of a name with these labels (fails when none or several).</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var found = Of(name, labels);
        found.Count.ShouldBe(1, $"{name} {string.Join(",", labels.Select(l => $"{l.Label}={l.Value}"))}: {found.Count} samples");
        return found[0].Value;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<v>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
