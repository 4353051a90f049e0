using Microsoft.AspNetCore.Mvc;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Users;

namespace MonthEnd.Web.Pages;

/// <summary>
/// Users for manage_users: the list with roles and state, add (password twice), disable and enable,
/// grant and revoke a role, all through <see cref="UserOperations"/> (which checks the permission and
/// audits). Disabling and revoking are confirmed by a ticked box the server checks.
/// </summary>
public sealed class UsersModel(UserOperations users) : MonthEndPage
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordAgain { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync() => Users = await users.ListAsync(Caller, Aborted);

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!string.Equals(Password, PasswordAgain, StringComparison.Ordinal))
        {
            throw new InvalidArgumentException("password", "the two passwords differ");
        }

        var roles = Roles.Select(ParseRole).ToList();
        var added = await users.AddAsync(Caller, UserName, roles, Password, Reason, Aborted);
        return await ShowAsync($"user {added.User.UserName} added with {RolesOf(added.User)}" + Pending(added));
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        Confirmed("disable");
        var user = await users.SetDisabledAsync(Caller, UserName, disabled: true, Aborted);
        return await ShowAsync($"user {user.UserName} is disabled");
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.SetDisabledAsync(Caller, UserName, disabled: false, Aborted);
        return await ShowAsync($"user {user.UserName} is enabled");
    }

    public async Task<IActionResult> OnPostGrantAsync()
    {
        var changed = await users.GrantAsync(Caller, UserName, ParseRole(Role), Reason, Aborted);
        return await ShowAsync($"{changed.User.UserName} holds {RolesOf(changed.User)}" + Pending(changed));
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        Confirmed("revoke the role");
        var changed = await users.RevokeAsync(Caller, UserName, ParseRole(Role), Reason, Aborted);
        return await ShowAsync($"{changed.User.UserName} holds {RolesOf(changed.User)}" + Pending(changed));
    }

    public static string RolesOf(UserAccount user) => user.Roles.Count == 0 ? "no role" : string.Join(", ", user.Roles.Select(r => r.Name()));

    public static string StateOf(UserAccount user, DateTimeOffset now) =>
        user.Disabled ? "disabled" : user.LockedUntil is { } until && until > now ? $"locked until {until:u}" : "active";

    private void Confirmed(string what)
    {
        if (!Confirm)
        {
            throw new InvalidArgumentException("confirm", $"tick the confirmation to {what}");
        }
    }

    private static Role ParseRole(string? name) => RoleNames.TryParse(name, out var role)
        ? role
        : throw new InvalidArgumentException("role", $"{Core.Text.Shown.Quote(name)} is not one of {string.Join(", ", RoleNames.All)}");

    private static string Pending(RoleChangeResult result) => result.PendingRequest is { } r
        ? $"; batch_admin waits for a second batch_admin (request {r.RequestId})"
        : "";

    private async Task<IActionResult> ShowAsync(string message)
    {
        Message = message;
        await OnGetAsync();
        return Page();
    }
}
