using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Source;

/// <summary>
/// Collects one record's violations into the caller's list and remembers whether there were any.
/// The record is named only when something is wrong: a valid million-row month makes no strings.
/// </summary>
internal sealed class Findings(object record, ICollection<SourceViolation> into)
{
    private string? _name;

    public bool Any { get; private set; }

    public void Add(string rule, string message)
    {
        Any = true;
        var (kind, name) = record switch
        {
            PremiumRecord p => (SourceKind.Premium, _name ??= p.Describe()),
            ClaimRecord c => (SourceKind.Claim, _name ??= c.Describe()),
            _ => throw new InvalidOperationException("findings are only kept for premium and claim records"),
        };
        into.Add(new SourceViolation(kind, name, rule, message));
    }

    public void Require(bool present, string field)
    {
        if (!present)
        {
            Add(SourceRule.RequiredField, $"{field} is NULL");
        }
    }
}
