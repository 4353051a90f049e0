using Microsoft.Extensions.Options;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;

namespace MonthEnd.Operations.Users;

/// <summary>A new token: the secret is in <see cref="Secret"/> once, here, and nowhere else ever again.</summary>
public sealed record CreatedToken(ApiToken Token, string Secret);

/// <summary>token create | list | revoke: one's own tokens freely, anyone else's with manage_users.</summary>
public sealed class TokenOperations(IUserStore users, OperationGate gate, TimeProvider clock, IOptions<SignInSettings> options)
{
    public async Task<CreatedToken> CreateAsync(Caller caller, string? forUser, string? name, TimeSpan? lifetime, CancellationToken ct)
    {
        var owner = forUser is null ? caller.User : UserName.Validate(forUser, "--user");
        var label = Arguments.Text("--name", name, 100);
        var length = lifetime ?? options.Value.DefaultTokenLifetime;
        if (length <= TimeSpan.Zero || length > options.Value.MaxTokenLifetime)
        {
            throw new InvalidArgumentException("--days", $"a token lives more than 0 and at most {options.Value.MaxTokenLifetime.TotalDays:0} days");
        }

        return await ForOwnerAsync(caller, owner, "TOKEN_CREATED", new { user = owner, name = label, expires_in_days = length.TotalDays }, async c =>
        {
            var user = await users.FindUserAsync(owner, c) ?? throw new NoSuchUserException(owner);
            var secret = TokenSecret.NewSecret();
            var now = clock.GetUtcNow();
            var token = new ApiToken(TokenSecret.NewId(), user.UserName, label, TokenSecret.Hash(secret), now, now + length, null, null);
            await users.AddTokenAsync(token, c);
            return new CreatedToken(token, secret);
        }, t => new { token_id = t.Token.TokenId, expires_at = t.Token.ExpiresAt }, ct);
    }

    public Task<IReadOnlyList<ApiToken>> ListAsync(Caller caller, string? forUser, bool everyone, CancellationToken ct)
    {
        if (everyone)
        {
            return gate.ReadAsync(caller, Permission.ManageUsers, "TOKENS_LISTED", null, null, sensitive: false, c => users.ListTokensAsync(null, c), ct);
        }

        var owner = forUser is null ? caller.User : UserName.Validate(forUser, "--user");
        return IsSelf(caller, owner)
            ? users.ListTokensAsync(caller.User, ct)
            : gate.ReadAsync(caller, Permission.ManageUsers, "TOKENS_LISTED", null, new { user = owner }, sensitive: false, c => users.ListTokensAsync(owner, c), ct);
    }

    public async Task<bool> RevokeAsync(Caller caller, string? tokenId, CancellationToken ct)
    {
        var id = Arguments.Text("token id", tokenId, 40);
        var token = (await users.ListTokensAsync(null, ct)).FirstOrDefault(t => t.TokenId == id);
        var owner = token?.UserName ?? "(unknown)";
        return await ForOwnerAsync(caller, owner, "TOKEN_REVOKED", new { token_id = id, user = owner }, async c =>
            token is not null && await users.RevokeTokenAsync(id, clock.GetUtcNow(), c)
                ? true
                : throw new OperationRefusedException($"no token {Core.Text.Shown.Quote(id)}"), r => new { revoked = r }, ct);
    }

    // One's own tokens need no permission beyond being signed in; the trail records them all the same.
    private Task<T> ForOwnerAsync<T>(Caller caller, string owner, string operation, object details, Func<CancellationToken, Task<T>> body, Func<T, object?> after, CancellationToken ct) =>
        gate.ChangeAsync(caller, IsSelf(caller, owner) ? null : Permission.ManageUsers, operation, null, details, body, after, ct);

    private static bool IsSelf(Caller caller, string owner) => UserNames.Same(owner, caller.User);
}
