using MonthEnd.Core.Security;

namespace MonthEnd.Core.Storage;

/// <summary>
/// A user's roles as both stores read them, in one column of the user's row: their names (which hold
/// no comma) joined by commas, in any order. Given back in <see cref="Role"/> order.
/// </summary>
public static class StoredRoles
{
    public static IReadOnlyList<Role> Parse(string? names) =>
        string.IsNullOrEmpty(names) ? [] : [.. names.Split(',').Select(ParseOne).Distinct().Order()];

    private static Role ParseOne(string name) =>
        RoleNames.TryParse(name, out var role) ? role : throw new InvalidOperationException($"app_user_role holds an unknown role '{name}'");
}
