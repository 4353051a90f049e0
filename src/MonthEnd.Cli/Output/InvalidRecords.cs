using MonthEnd.Core.Source;
using MonthEnd.Operations.Source;

namespace MonthEnd.Cli.Output;

/// <summary>One invalid source record with every rule it breaks, as shown (<see cref="SourceFindings"/>): findings are counted and shown per record.</summary>
public sealed record InvalidRecord(IReadOnlyList<SourceFinding> Findings)
{
    public SourceFinding First => Findings[0];

    public override string ToString() => $"{First.Subject}: " + string.Join("; ", Findings.Select(f => $"{f.Message} (rule {f.Rule})"));
}

public static class InvalidRecords
{
    /// <summary>Groups violations by record, each shown through the redactor; a scan reports each record's violations one after another.</summary>
    public static IEnumerable<InvalidRecord> Group(IEnumerable<SourceViolation> violations, SourceFindings findings)
    {
        List<SourceFinding> current = [];
        foreach (var finding in violations.Select(findings.Show))
        {
            if (current.Count > 0 && !SameRecord(current[0], finding))
            {
                yield return new InvalidRecord(current);
                current = [];
            }

            current.Add(finding);
        }

        if (current.Count > 0)
        {
            yield return new InvalidRecord(current);
        }
    }

    public static bool SameRecord(SourceFinding a, SourceFinding b) => a.Source == b.Source && a.Record == b.Record;

    public static object View(InvalidRecord r) => new
    {
        source = r.First.Source,
        record = r.First.Record,
        policy_holder_id = r.First.PolicyHolderId,
        account_number = r.First.AccountNumber,
        rules = r.Findings.Select(f => f.Rule).ToArray(),
        findings = r.Findings.Select(f => new { rule = f.Rule, message = f.Message }).ToArray(),
    };
}
