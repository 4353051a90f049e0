using MonthEnd.Core.Approvals;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;

namespace MonthEnd.Operations.Users;

/// <summary>A role given to or taken from a user; for batch_admin it waits for a second admin (<see cref="Approvals.IApprovable"/>).</summary>
public sealed record RoleChange(string User, string Role, bool Grant)
{
    public static RoleChange Parse(string subject) => Approvals.ApprovalSubject.Read<RoleChange>(subject);

    public string ToJson() => Approvals.ApprovalSubject.Write(this);

    public Role ParsedRole() => RoleNames.TryParse(Role, out var role) ? role : throw new OperationRefusedException($"unknown role {Role}");

    /// <summary>Applies the change to the stored user; refuses to take the last enabled batch_admin away.</summary>
    /// <summary>How many enabled users hold batch_admin: the last one may be neither revoked nor disabled.</summary>
    public static async Task<int> EnabledAdminsAsync(IUserStore users, CancellationToken ct) =>
        (await users.ListUsersAsync(ct)).Count(u => !u.Disabled && u.Roles.Contains(Core.Security.Role.BatchAdmin));

    public async Task<UserAccount> ApplyAsync(IUserStore users, CancellationToken ct)
    {
        var role = ParsedRole();
        var user = await users.FindUserAsync(User, ct) ?? throw new NoSuchUserException(User);
        if (!Grant && role == Core.Security.Role.BatchAdmin && user.Roles.Contains(role))
        {
            if (await EnabledAdminsAsync(users, ct) <= 1)
            {
                throw new OperationRefusedException($"{user.UserName} is the last enabled batch_admin; grant batch_admin to another user first");
            }
        }

        var roles = Grant ? user.Roles.Append(role).Distinct().ToList() : user.Roles.Where(r => r != role).ToList();
        return await users.SetRolesAsync(user.UserName, roles, ct);
    }
}

/// <summary>Granting or revoking batch_admin: the four-eyes operations of user management.</summary>
public sealed class AdminRoleChange(IUserStore users, bool grant) : Approvals.IApprovable
{
    public string Operation { get; } = grant ? "GRANT_BATCH_ADMIN" : "REVOKE_BATCH_ADMIN";

    public Permission Permission => Permission.ManageUsers;

    public async Task CheckAsync(Caller requester, string subject, CancellationToken ct)
    {
        var change = RoleChange.Parse(subject);
        _ = await users.FindUserAsync(change.User, ct) ?? throw new NoSuchUserException(change.User);
    }

    public async Task<string> ExecuteAsync(Caller approver, ApprovalRequest request, CancellationToken ct)
    {
        var change = RoleChange.Parse(request.Subject);
        var user = await change.ApplyAsync(users, ct);
        return $"{user.UserName} now holds: {string.Join(", ", user.Roles.Select(r => r.Name()))}";
    }
}
