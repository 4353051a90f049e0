using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Users;

namespace MonthEnd.Cli.Commands;

/// <summary>monthend user add | list | disable | enable | grant | revoke | password (manage_users; batch_admin changes wait for a second admin).</summary>
internal static class UserCommands
{
    public static Command Create(Option<string?> db)
    {
        var command = new Command("user", "Manage the product's users and their roles (manage_users)");
        command.Subcommands.Add(Add(db));
        command.Subcommands.Add(List(db));
        command.Subcommands.Add(Disable(db, disabled: true));
        command.Subcommands.Add(Disable(db, disabled: false));
        command.Subcommands.Add(RoleChange(db, grant: true));
        command.Subcommands.Add(RoleChange(db, grant: false));
        command.Subcommands.Add(Password(db));
        return command;
    }

    private static Argument<string> UserArgument() => new("name") { Description = "The user's name" };

    private static Option<string[]> RoleOption(bool required) => new("--role")
    {
        Description = $"A role: {string.Join(", ", RoleNames.All)} (repeat for several)",
        Required = required,
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command Add(Option<string?> db)
    {
        var name = UserArgument();
        var roles = RoleOption(required: true);
        var tokensOnly = new Option<bool>("--no-password") { Description = "A service user that signs in with API tokens only (e.g. a batch_worker)" };
        var reason = new Option<string?>("--reason") { Description = "Why (needed when batch_admin is asked for: it waits for a second admin)" };
        var command = new Command("add", "Add a user; the password comes from MONTHEND_NEW_PASSWORD or a prompt") { name, roles, tokensOnly, reason };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var parsedRoles = ParseRoles(parse.GetValue(roles)!);
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var userName = parse.GetValue(name)!;
            var password = parse.GetValue(tokensOnly) ? null
                : CliIdentity.NewPassword(userName, "MONTHEND_NEW_PASSWORD")
                  ?? throw new InvalidArgumentException("password", "give it in MONTHEND_NEW_PASSWORD (or on a terminal at the prompt), or use --no-password for a tokens-only user");
            var result = await host.Get<UserOperations>().AddAsync(caller, userName, parsedRoles, password, parse.GetValue(reason), ct);
            Console.WriteLine($"user {result.User.UserName} added with roles: {Roles(result.User.Roles)}");
            Pending(result.PendingRequest);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command List(Option<string?> db)
    {
        var json = CliOptions.Json();
        var command = new Command("list", "List the users, their roles and state") { json };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var users = await host.Get<UserOperations>().ListAsync(caller, ct);
            if (parse.GetValue(json))
            {
                Json.Write(new { users = users.Select(UserOperations.View) });
                return ExitCode.Ok;
            }

            foreach (var user in users)
            {
                var state = user.Disabled ? "disabled" : user.LockedUntil > DateTimeOffset.UtcNow ? $"locked until {user.LockedUntil:u}" : "active";
                Console.WriteLine($"{user.UserName,-24} {state,-12} {Roles(user.Roles)}");
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Disable(Option<string?> db, bool disabled)
    {
        var name = UserArgument();
        var command = new Command(disabled ? "disable" : "enable", disabled ? "Disable a user: no sign-in, no token works" : "Enable a disabled user again") { name };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var user = await host.Get<UserOperations>().SetDisabledAsync(caller, parse.GetValue(name), disabled, ct);
            Console.WriteLine($"user {user.UserName} is {(user.Disabled ? "disabled" : "enabled")}");
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command RoleChange(Option<string?> db, bool grant)
    {
        var name = UserArgument();
        var role = new Argument<string>("role") { Description = $"One of: {string.Join(", ", RoleNames.All)}" };
        var reason = new Option<string?>("--reason") { Description = "Why (required for batch_admin, which waits for a second admin's approval)" };
        var command = new Command(grant ? "grant" : "revoke", grant ? "Give a user a role" : "Take a role from a user") { name, role, reason };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var parsedRole = ParseRoles([parse.GetValue(role)!])[0];
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var users = host.Get<UserOperations>();
            var result = grant
                ? await users.GrantAsync(caller, parse.GetValue(name), parsedRole, parse.GetValue(reason), ct)
                : await users.RevokeAsync(caller, parse.GetValue(name), parsedRole, parse.GetValue(reason), ct);
            if (result.PendingRequest is null)
            {
                Console.WriteLine($"user {result.User.UserName} now holds: {Roles(result.User.Roles)}");
            }

            Pending(result.PendingRequest);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Password(Option<string?> db)
    {
        var name = UserArgument();
        var command = new Command("password", "Set a user's password (one's own, or anyone's with manage_users) from MONTHEND_NEW_PASSWORD or a prompt") { name };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var userName = parse.GetValue(name)!;
            var password = CliIdentity.NewPassword(userName, "MONTHEND_NEW_PASSWORD")
                           ?? throw new InvalidArgumentException("password", "give it in MONTHEND_NEW_PASSWORD (or on a terminal at the prompt)");
            var user = await host.Get<UserOperations>().SetPasswordAsync(caller, userName, password, ct);
            Console.WriteLine($"password of {user.UserName} set");
            return ExitCode.Ok;
        }));
        return command;
    }

    internal static void Pending(Core.Approvals.ApprovalRequest? request)
    {
        if (request is not null)
        {
            Console.WriteLine($"request {request.RequestId} ({request.Operation}) waits until {request.ExpiresAt:u} for another batch_admin: monthend approve {request.RequestId}");
        }
    }

    private static List<Role> ParseRoles(IEnumerable<string> names) =>
    [
        .. names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(n =>
            RoleNames.TryParse(n, out var role) ? role : throw new InvalidArgumentException("role", $"unknown role; use one of {string.Join(", ", RoleNames.All)}")),
    ];

    private static string Roles(IEnumerable<Role> roles) => string.Join(", ", roles.Select(r => r.Name())) is { Length: > 0 } text ? text : "(none)";
}
