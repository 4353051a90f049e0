namespace MonthEnd.Core.Rules;

/// <summary>Which source statuses are posted and which are known but left alone; any other status is invalid input.</summary>
public sealed record StatusPolicy(IReadOnlyList<string> Post, IReadOnlyList<string> Skip)
{
    public bool Posts(string status) => Post.Contains(status, StringComparer.Ordinal);

    public bool Knows(string status) => Posts(status) || Skip.Contains(status, StringComparer.Ordinal);
}
