using MonthEnd.Core.Privacy;

namespace MonthEnd.Core.Source;

/// <summary>
/// Collects one record's violations into the caller's list and remembers whether there were any.
/// The record is named only when something is wrong: a valid million-row month makes no strings.
/// </summary>
internal sealed class Findings(object record, ICollection<SourceViolation> into)
{
    public bool Any { get; private set; }

    public void Add(string rule, RedactableTextHandler message) => Add(rule, message.ToText());

    public void Add(string rule, RedactableText message)
    {
        Any = true;
        into.Add(record switch
        {
            PremiumRecord p => SourceViolation.About(p, rule, message),
            ClaimRecord c => SourceViolation.About(c, rule, message),
            _ => throw new InvalidOperationException("findings are only kept for premium and claim records"),
        });
    }

    public void Require(bool present, string field)
    {
        if (!present)
        {
            Add(SourceRule.RequiredField, $"{new Known(field)} is NULL");
        }
    }
}
