namespace MonthEnd.Core.Accounting;

/// <summary>A versioned chart of accounts (codes after OJK report lines).</summary>
public sealed class ChartOfAccounts
{
    private readonly Dictionary<string, Account> _accounts;

    public ChartOfAccounts(int version, IEnumerable<Account> accounts)
    {
        Version = version;
        _accounts = accounts.ToDictionary(a => a.Code, StringComparer.Ordinal);
    }

    public int Version { get; }

    public IReadOnlyCollection<Account> Accounts => _accounts.Values;

    public bool TryGet(string code, out Account account) => _accounts.TryGetValue(code, out account!);

    public Account this[string code] => _accounts[code];
}
