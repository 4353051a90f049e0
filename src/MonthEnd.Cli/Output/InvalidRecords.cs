using MonthEnd.Core.Source;

namespace MonthEnd.Cli.Output;

/// <summary>One invalid source record with every rule it breaks: findings are counted and shown per record.</summary>
public sealed record InvalidRecord(string Source, string Record, IReadOnlyList<SourceViolation> Violations)
{
    public override string ToString() => $"{Record}: " + string.Join("; ", Violations.Select(v => $"{v.Message} (rule {v.Rule})"));
}

public static class InvalidRecords
{
    /// <summary>Groups violations by record; a scan reports each record's violations one after another.</summary>
    public static IEnumerable<InvalidRecord> Group(IEnumerable<SourceViolation> violations)
    {
        List<SourceViolation> current = [];
        foreach (var v in violations)
        {
            if (current.Count > 0 && (current[0].Record != v.Record || current[0].Kind != v.Kind))
            {
                yield return Of(current);
                current = [];
            }

            current.Add(v);
        }

        if (current.Count > 0)
        {
            yield return Of(current);
        }
    }

    public static object View(InvalidRecord r) => new
    {
        source = r.Source,
        record = r.Record,
        rules = r.Violations.Select(v => v.Rule).ToArray(),
        findings = r.Violations.Select(v => new { rule = v.Rule, message = v.Message }).ToArray(),
    };

    private static InvalidRecord Of(List<SourceViolation> violations) =>
        new(violations[0].Kind.ToString().ToUpperInvariant(), violations[0].Record, violations);
}
