using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Identity;

namespace MonthEnd.Operations.Users;

/// <summary>What a role change did: applied at once, or waiting for a second batch_admin.</summary>
public sealed record RoleChangeResult(UserAccount User, ApprovalRequest? PendingRequest);

/// <summary>user add | list | disable | enable | grant | revoke | password, all under manage_users (one's own password excepted).</summary>
public sealed class UserOperations(
    IUserStore users, OperationGate gate, ApprovalOperations approvals, PasswordPolicy passwords, TimeProvider clock)
{
    public async Task<RoleChangeResult> AddAsync(Caller caller, string? name, IReadOnlyList<Role> roles, string? password, string? reason, CancellationToken ct)
    {
        var userName = UserName.Validate(name);
        await gate.AuthorizeAsync(caller, Permission.ManageUsers, "USER_ADDED", null, new { user = userName }, ct);
        // batch_admin is never given by one person alone: the user is created without it and a request
        // waits; except by the sole batch_admin, as there is no second pair of eyes until she makes one.
        var bootstrap = roles.Contains(Role.BatchAdmin) && await IsSoleAdminAsync(caller, ct);
        var direct = roles.Where(r => r != Role.BatchAdmin || bootstrap).Distinct().ToList();
        var user = await gate.ChangeAsync(caller, Permission.ManageUsers, "USER_ADDED", null,
            new
            {
                user = userName, roles = direct.Select(r => r.Name()), password = password is null ? "none (tokens only)" : "set",
                four_eyes = bootstrap ? SoleAdmin : null,
            }, async c =>
            {
                var account = new UserAccount(userName, password is null ? null : passwords.Hash(password), direct, false, 0, null, clock.GetUtcNow(), caller.User);
                return await users.AddUserAsync(account, c);
            }, u => View(u), ct);
        var pending = roles.Contains(Role.BatchAdmin) && !bootstrap
            ? await approvals.RequestAsync(caller, "GRANT_BATCH_ADMIN", new RoleChange(user.UserName, Role.BatchAdmin.Name(), true).ToJson(),
                reason ?? $"new user {user.UserName} with batch_admin", ct)
            : null;
        return new RoleChangeResult(user, pending);
    }

    public Task<IReadOnlyList<UserAccount>> ListAsync(Caller caller, CancellationToken ct) =>
        gate.ReadAsync(caller, Permission.ManageUsers, "USERS_LISTED", null, null, sensitive: false, users.ListUsersAsync, ct);

    public Task<RoleChangeResult> GrantAsync(Caller caller, string? name, Role role, string? reason, CancellationToken ct) =>
        ChangeRoleAsync(caller, name, role, grant: true, reason, ct);

    public Task<RoleChangeResult> RevokeAsync(Caller caller, string? name, Role role, string? reason, CancellationToken ct) =>
        ChangeRoleAsync(caller, name, role, grant: false, reason, ct);

    public Task<UserAccount> SetDisabledAsync(Caller caller, string? name, bool disabled, CancellationToken ct)
    {
        var userName = UserName.Validate(name);
        return gate.ChangeAsync(caller, Permission.ManageUsers, disabled ? "USER_DISABLED" : "USER_ENABLED", null, new { user = userName }, async c =>
        {
            if (disabled && UserNames.Same(userName, caller.User))
            {
                throw new OperationRefusedException("you cannot disable yourself; another user with manage_users can");
            }

            var user = await users.FindUserAsync(userName, c) ?? throw new NoSuchUserException(userName);
            if (disabled && user.Roles.Contains(Role.BatchAdmin) && await RoleChange.EnabledAdminsAsync(users, c) <= 1)
            {
                throw new OperationRefusedException($"{user.UserName} is the last enabled batch_admin");
            }

            return await users.SetDisabledAsync(user.UserName, disabled, c);
        }, View, ct);
    }

    /// <summary>Sets a password: one's own always (signed in already), anyone else's with manage_users.</summary>
    public Task<UserAccount> SetPasswordAsync(Caller caller, string? name, string? password, CancellationToken ct)
    {
        var userName = UserName.Validate(name);
        var own = UserNames.Same(userName, caller.User);
        var hash = passwords.Hash(password);
        return gate.ChangeAsync(caller, own ? null : Permission.ManageUsers, "PASSWORD_SET", null, new { user = userName },
            c => users.SetPasswordHashAsync(userName, hash, c), View, ct);
    }

    /// <summary>What the trail and the screens show of a user: never the hash.</summary>
    public static object View(UserAccount user) => new
    {
        user = user.UserName,
        roles = user.Roles.Select(r => r.Name()),
        disabled = user.Disabled,
        locked_until = user.LockedUntil,
    };

    private async Task<RoleChangeResult> ChangeRoleAsync(Caller caller, string? name, Role role, bool grant, string? reason, CancellationToken ct)
    {
        var userName = UserName.Validate(name);
        var change = new RoleChange(userName, role.Name(), grant);
        var bootstrap = role == Role.BatchAdmin && grant && await IsSoleAdminAsync(caller, ct);
        if (role == Role.BatchAdmin && !bootstrap)
        {
            var request = await approvals.RequestAsync(caller, grant ? "GRANT_BATCH_ADMIN" : "REVOKE_BATCH_ADMIN", change.ToJson(), reason, ct);
            var user = await users.FindUserAsync(userName, ct) ?? throw new NoSuchUserException(userName);
            return new RoleChangeResult(user, request);
        }

        var changed = await gate.ChangeAsync(caller, Permission.ManageUsers, grant ? "ROLE_GRANTED" : "ROLE_REVOKED", null,
            new { user = userName, role = role.Name(), reason = Arguments.OptionalText("--reason", reason), four_eyes = bootstrap ? SoleAdmin : null },
            c => change.ApplyAsync(users, c), View, ct);
        return new RoleChangeResult(changed, null);
    }

    private const string SoleAdmin = "waived: granted by the sole enabled batch_admin, as no second one exists yet";

    /// <summary>Whether the caller is the one enabled batch_admin there is.</summary>
    private async Task<bool> IsSoleAdminAsync(Caller caller, CancellationToken ct)
    {
        if (!caller.Roles.Contains(Role.BatchAdmin))
        {
            return false;
        }

        var admins = (await users.ListUsersAsync(ct)).Where(u => !u.Disabled && u.Roles.Contains(Role.BatchAdmin)).ToList();
        return admins.Count == 1 && UserNames.Same(admins[0].UserName, caller.User);
    }
}
