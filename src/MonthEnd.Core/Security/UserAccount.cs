namespace MonthEnd.Core.Security;

/// <summary>A product user as stored: name, password hash (null for service users that sign in with tokens only), roles, state.</summary>
public sealed record UserAccount(
    string UserName,
    string? PasswordHash,
    IReadOnlyList<Role> Roles,
    bool Disabled,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>An API token as stored: only its SHA-256 hash, never the token itself.</summary>
/// <param name="TokenId">A short public id (shown in lists, used to revoke).</param>
/// <param name="TokenHash">Hex SHA-256 of the token's secret text.</param>
public sealed record ApiToken(
    string TokenId,
    string UserName,
    string Name,
    string TokenHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt);
