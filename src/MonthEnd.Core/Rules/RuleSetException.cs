namespace MonthEnd.Core.Rules;

/// <summary>One broken rule in a rules file: where (template, account, product…) and which rule.</summary>
public sealed record RuleProblem(string Where, string Rule, string Message)
{
    public override string ToString() => $"{Where}: {Message} (rule {Rule})";
}

/// <summary>A rules file that failed its load-time checks; nothing of it is used.</summary>
public sealed class RuleSetException : Exception
{
    public RuleSetException(string origin, IReadOnlyList<RuleProblem> problems)
        : base($"posting rules from {origin} are refused:{Environment.NewLine}"
               + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Origin = origin;
        Problems = problems;
    }

    public string Origin { get; }

    public IReadOnlyList<RuleProblem> Problems { get; }
}
