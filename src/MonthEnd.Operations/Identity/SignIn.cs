using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Audit;

namespace MonthEnd.Operations.Identity;

/// <summary>
/// Turns what a host was given (a user name and password, or an API token) into a <see cref="Caller"/>.
/// Failures are counted (repeated ones lock the user), written to the trail, and told apart only
/// as far as is safe: an unknown user and a wrong password read the same.
/// </summary>
public sealed class SignIn(IUserStore users, OperationGate gate, IPasswordHasher<UserAccount> hasher, TimeProvider clock, IOptions<SignInSettings> options)
{
    /// <summary>
    /// How fresh a token's last_used_at is kept: one write a minute at most, not one per API call, so
    /// callers polling the API never queue behind a batch for SQLite's single writer.
    /// </summary>
    public static readonly TimeSpan TokenUseResolution = TimeSpan.FromMinutes(1);

    private const string Operation = "SIGN_IN";

    // Verified against when the user does not exist, so that an unknown name costs as long as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<UserAccount>().HashPassword(null!, "decoy"));

    private SignInSettings Policy => options.Value;

    public async Task<Caller> WithPasswordAsync(string? userName, string? password, ClientInfo client, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userName) || password is null)
        {
            throw new SignInFailedException(SignInFailure.NoIdentity, "no identity: set MONTHEND_TOKEN, or MONTHEND_USER and MONTHEND_PASSWORD");
        }

        await RefuseWhenNoUsersAsync(ct);
        var user = UserName.IsValid(userName) ? await users.FindUserAsync(userName, ct) : null;
        if (user?.PasswordHash is null)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            throw await FailAsync(UserName.IsValid(userName) ? userName : "(invalid user name)", client, SignInFailure.BadCredentials, "password", ct);
        }

        RefuseUnusable(user);
        await RefuseLockedAsync(user, client, ct);
        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var now = await users.RecordFailedLoginAsync(user.UserName, clock.GetUtcNow(), Policy.LockAfterFailures, Policy.LockFor, ct);
            throw await FailAsync(user.UserName, client,
                now.LockedUntil > clock.GetUtcNow() ? SignInFailure.LockedOut : SignInFailure.BadCredentials, "password", ct);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordHashAsync(user.UserName, hasher.HashPassword(user, password), ct);
        }

        if (user.FailedLogins > 0)
        {
            await users.ResetFailedLoginsAsync(user.UserName, ct);
        }

        return CallerOf(user, client);
    }

    public async Task<Caller> WithTokenAsync(string? token, ClientInfo client, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new SignInFailedException(SignInFailure.NoIdentity, "no identity: set MONTHEND_TOKEN, or MONTHEND_USER and MONTHEND_PASSWORD");
        }

        var stored = TokenSecret.LooksLikeToken(token) ? await users.FindTokenByHashAsync(TokenSecret.Hash(token), ct) : null;
        if (stored is null)
        {
            await RefuseWhenNoUsersAsync(ct);
            throw await FailAsync("(unknown token)", client, SignInFailure.BadCredentials, "token", ct);
        }

        var now = clock.GetUtcNow();
        if (stored.RevokedAt is not null)
        {
            throw await FailAsync(stored.UserName, client, SignInFailure.TokenRevoked, $"token {stored.TokenId}", ct);
        }

        if (stored.ExpiresAt <= now)
        {
            throw await FailAsync(stored.UserName, client, SignInFailure.TokenExpired, $"token {stored.TokenId}", ct);
        }

        var user = await users.FindUserAsync(stored.UserName, ct)
                   ?? throw await FailAsync(stored.UserName, client, SignInFailure.BadCredentials, $"token {stored.TokenId}", ct);
        RefuseUnusable(user);
        await RefuseLockedAsync(user, client, ct);
        if (stored.LastUsedAt is not { } lastUsed || now - lastUsed >= TokenUseResolution)
        {
            await users.TouchTokenAsync(stored.TokenId, now, ct);
        }

        return CallerOf(user, client);
    }

    /// <summary>
    /// A session a host keeps after a sign-in (the web's cookie): the user as she is now, her current
    /// roles, refused once she is disabled, locked or gone. Not a sign-in, so not counted nor audited.
    /// </summary>
    public async Task<Caller> WithSessionAsync(string userName, ClientInfo client, CancellationToken ct)
    {
        var user = UserName.IsValid(userName) ? await users.FindUserAsync(userName, ct) : null;
        if (user is null)
        {
            throw new SignInFailedException(SignInFailure.BadCredentials, $"the session's user {userName} no longer exists");
        }

        RefuseUnusable(user);
        if (user.LockedUntil is { } until && until > clock.GetUtcNow())
        {
            throw new SignInFailedException(SignInFailure.LockedOut, $"user {user.UserName} is locked until {until:u}");
        }

        return CallerOf(user, client);
    }

    public static Caller CallerOf(UserAccount user, ClientInfo client) => new(user.UserName, user.Roles, client.Interface, client.IpAddress, client.UserAgent);

    private async Task RefuseWhenNoUsersAsync(CancellationToken ct)
    {
        if (await users.CountUsersAsync(ct) == 0)
        {
            throw new SignInFailedException(SignInFailure.NoUsers, "the database has no users yet: create the first batch_admin with init --admin NAME");
        }
    }

    private static void RefuseUnusable(UserAccount user)
    {
        if (user.Disabled)
        {
            throw new SignInFailedException(SignInFailure.Disabled, $"user {user.UserName} is disabled");
        }
    }

    private async Task RefuseLockedAsync(UserAccount user, ClientInfo client, CancellationToken ct)
    {
        if (user.LockedUntil is { } until && until > clock.GetUtcNow())
        {
            throw await FailAsync(user.UserName, client, SignInFailure.LockedOut, "password or token", ct, until);
        }
    }

    private async Task<SignInFailedException> FailAsync(string who, ClientInfo client, SignInFailure failure, string method, CancellationToken ct, DateTimeOffset? until = null)
    {
        var message = failure switch
        {
            SignInFailure.LockedOut => $"user {who} is locked after {Policy.LockAfterFailures} failed sign-ins" +
                                       (until is null ? $" for {Policy.LockFor.TotalMinutes:0} minutes" : $" until {until:u}"),
            SignInFailure.TokenExpired => $"the {method} of user {who} has expired",
            SignInFailure.TokenRevoked => $"the {method} of user {who} was revoked",
            _ => $"sign-in failed: unknown user or wrong {method}",
        };
        await gate.RecordAsync(new AuditRecord(Operation, null, who, client, AuditStatus.Failed, new { method, failure = failure.ToString() }));
        ct.ThrowIfCancellationRequested();
        return new SignInFailedException(failure, message);
    }
}
