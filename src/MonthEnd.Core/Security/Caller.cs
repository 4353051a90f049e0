namespace MonthEnd.Core.Security;

/// <summary>
/// Who is acting, as the host established it (CLI environment or prompt, web cookie, API token),
/// passed down explicitly to every operation; nothing below the hosts reads the OS user.
/// </summary>
/// <param name="User">The product user's name.</param>
/// <param name="Roles">The roles the user held when signed in.</param>
/// <param name="Interface">The host: <c>cli</c>, <c>web</c>, <c>api</c>, <c>worker</c>.</param>
/// <param name="IpAddress">Where the request came from (the machine's address for the CLI).</param>
/// <param name="UserAgent">The client (the CLI's name and version, a browser's user agent).</param>
public sealed record Caller(string User, IReadOnlyList<Role> Roles, string Interface, string? IpAddress, string? UserAgent)
{
    public bool Holds(Permission permission) => RolePermissions.Grants(Roles, permission);
}
