namespace MonthEnd.Core.Security;

/// <summary>The roles a user can hold; names as the original design spells them.</summary>
public enum Role
{
    BatchAdmin,
    BatchOperator,
    FinanceViewer,
    Auditor,

    /// <summary>The service role of worker processes: claims and stages partitions, nothing else.</summary>
    BatchWorker,
}

public static class RoleNames
{
    private static readonly Dictionary<Role, string> Names = new()
    {
        [Role.BatchAdmin] = "batch_admin",
        [Role.BatchOperator] = "batch_operator",
        [Role.FinanceViewer] = "finance_viewer",
        [Role.Auditor] = "auditor",
        [Role.BatchWorker] = "batch_worker",
    };

    private static readonly Dictionary<string, Role> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Name(this Role role) => Names[role];

    public static bool TryParse(string? name, out Role role) => ByName.TryGetValue(name ?? "", out role);

    /// <summary>Every role name, for messages and help texts.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Values];
}
