using MonthEnd.Core.Posting;

namespace MonthEnd.Core.Source;

/// <summary>Collects one record's violations into the caller's list and remembers whether there were any.</summary>
internal sealed class Findings(string record, ICollection<SourceViolation> into, SourceKind kind = SourceKind.Premium)
{
    public bool Any { get; private set; }

    public void Add(string rule, string message)
    {
        Any = true;
        into.Add(new SourceViolation(kind, record, rule, message));
    }
}
