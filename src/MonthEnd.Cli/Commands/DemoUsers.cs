using System.Security.Cryptography;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Identity;
using MonthEnd.Operations.Schema;
using MonthEnd.Operations.Users;

namespace MonthEnd.Cli.Commands;

/// <summary>
/// The demo's own users, one per role, with random passwords written to an owner-only file beside
/// the demo database: the demo runs as a real user through the same sign-in as every command.
/// </summary>
internal static class DemoUsers
{
    public const string Admin = "demo-admin";

    private static readonly (string Name, Role Role)[] Others =
    [
        ("demo-operator", Role.BatchOperator),
        ("demo-viewer", Role.FinanceViewer),
        ("demo-auditor", Role.Auditor),
    ];

    /// <summary>Initialises the database with the demo admin, adds the others, and returns the admin and the finance viewer signed in.</summary>
    public static async Task<(Caller Admin, Caller Viewer)> CreateAsync(CliHost host, RuleSet rules, string credentialsFile, CancellationToken ct)
    {
        var passwords = new List<(string User, string Role, string Password)>();
        var adminPassword = NewPassword();
        await host.Get<SchemaOperations>().InitAsync(null, Admin, adminPassword, rules, CliIdentity.Client, ct);
        passwords.Add((Admin, Role.BatchAdmin.Name(), adminPassword));
        var admin = await host.Get<SignIn>().WithPasswordAsync(Admin, adminPassword, CliIdentity.Client, ct);
        foreach (var (name, role) in Others)
        {
            var password = NewPassword();
            await host.Get<UserOperations>().AddAsync(admin, name, [role], password, null, ct);
            passwords.Add((name, role.Name(), password));
        }

        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new StreamWriter(credentialsFile, create);
        foreach (var (user, role, password) in passwords)
        {
            await file.WriteLineAsync($"{user}\t{role}\t{password}");
        }

        var viewer = passwords.Single(p => p.Role == Role.FinanceViewer.Name());
        return (admin, await host.Get<SignIn>().WithPasswordAsync(viewer.User, viewer.Password, CliIdentity.Client, ct));
    }

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
}
