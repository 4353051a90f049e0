using MonthEnd.Core.Security;

namespace MonthEnd.Core.Storage;

/// <summary>
/// The product's users and API tokens. Implemented by both stores (same tables, same contract
/// suite). The store keeps what it is given: hashing passwords and tokens, and deciding what a
/// failed login means, happen above it.
/// </summary>
/// <remarks>
/// User names compare as <see cref="UserNames.Same"/> says (letter case of A–Z ignored), everywhere.
/// A method that names a user who does not exist throws <see cref="NoSuchUserException"/>. Texts are
/// checked by <see cref="StoredText"/>: a user name, token id or token hash that could not be stored
/// is refused with an <see cref="ArgumentException"/> before anything is written, and looking one up
/// finds nothing.
/// </remarks>
public interface IUserStore
{
    Task<int> CountUsersAsync(CancellationToken ct);

    /// <summary>Adds a user; a name already taken (case-insensitively) is refused with <see cref="UserExistsException"/>.</summary>
    Task<UserAccount> AddUserAsync(UserAccount user, CancellationToken ct);

    /// <summary>The user of that name (case-insensitive), or null.</summary>
    Task<UserAccount?> FindUserAsync(string userName, CancellationToken ct);

    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken ct);

    /// <summary>Replaces the user's roles; <see cref="NoSuchUserException"/> when there is no such user.</summary>
    Task<UserAccount> SetRolesAsync(string userName, IReadOnlyList<Role> roles, CancellationToken ct);

    Task<UserAccount> SetDisabledAsync(string userName, bool disabled, CancellationToken ct);

    Task<UserAccount> SetPasswordHashAsync(string userName, string passwordHash, CancellationToken ct);

    /// <summary>
    /// Counts a failed login atomically (two processes failing at once both count) and, once the
    /// count reaches <paramref name="lockAfter"/>, locks the user until <paramref name="now"/> +
    /// <paramref name="lockFor"/>. Returns the user as it now is.
    /// </summary>
    /// <remarks>
    /// Every failure at or past the threshold locks again (the count only goes back to 0 on
    /// <see cref="ResetFailedLoginsAsync"/>), so a lock that has run out does not open unlimited
    /// tries; a lock that already runs longer is kept, never shortened.
    /// </remarks>
    Task<UserAccount> RecordFailedLoginAsync(string userName, DateTimeOffset now, int lockAfter, TimeSpan lockFor, CancellationToken ct);

    /// <summary>After a good login: the failure count back to 0 and any lock lifted.</summary>
    Task ResetFailedLoginsAsync(string userName, CancellationToken ct);

    /// <summary>
    /// Stores a token (its hash only) under the user's name as stored; the id must be new. An id or
    /// hash already stored is refused with an <see cref="InvalidOperationException"/>.
    /// </summary>
    Task AddTokenAsync(ApiToken token, CancellationToken ct);

    /// <summary>The token with this hash, whatever its state (the caller checks expiry and revocation), or null.</summary>
    Task<ApiToken?> FindTokenByHashAsync(string tokenHash, CancellationToken ct);

    /// <summary>Tokens, newest first; of one user when <paramref name="userName"/> is given.</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? userName, CancellationToken ct);

    /// <summary>Marks a token revoked (idempotent: the first revocation time stays); false when no token has that id.</summary>
    Task<bool> RevokeTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Records a use of the token at <paramref name="now"/> (never moving its last use back); nothing when no token has that id.</summary>
    Task TouchTokenAsync(string tokenId, DateTimeOffset now, CancellationToken ct);
}

public sealed class UserExistsException(string userName)
    : Exception($"a user named {Text.Shown.Quote(userName)} already exists")
{
    public string UserName { get; } = userName;
}

public sealed class NoSuchUserException(string userName)
    : Exception($"no user named {Text.Shown.Quote(userName)}")
{
    public string UserName { get; } = userName;
}
