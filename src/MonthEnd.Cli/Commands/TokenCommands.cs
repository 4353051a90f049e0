using System.CommandLine;
using MonthEnd.Cli.Hosting;
using MonthEnd.Cli.Output;
using MonthEnd.Operations.Users;

namespace MonthEnd.Cli.Commands;

/// <summary>monthend token create | list | revoke: API tokens (256 random bits, shown once, stored hashed, with an expiry).</summary>
internal static class TokenCommands
{
    public static Command Create(Option<string?> db)
    {
        var command = new Command("token", "API tokens for scripts, worker processes and the HTTP API (MONTHEND_TOKEN)");
        command.Subcommands.Add(New(db));
        command.Subcommands.Add(List(db));
        command.Subcommands.Add(Revoke(db));
        return command;
    }

    private static Option<string?> UserOption() => new("--user") { Description = "Whose tokens (default: your own; another user's needs manage_users)" };

    private static Command New(Option<string?> db)
    {
        var user = UserOption();
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. 'worker on host-7'", Required = true };
        var days = new Option<int>("--days") { Description = "Days until it expires", DefaultValueFactory = _ => 90 };
        var json = CliOptions.Json();
        var command = new Command("create", "Create a token; it is printed once and never again") { user, name, days, json };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var created = await host.Get<TokenOperations>().CreateAsync(caller, parse.GetValue(user), parse.GetValue(name), TimeSpan.FromDays(parse.GetValue(days)), ct);
            if (parse.GetValue(json))
            {
                Json.Write(new { token_id = created.Token.TokenId, user = created.Token.UserName, expires_at = created.Token.ExpiresAt, token = created.Secret });
                return ExitCode.Ok;
            }

            Console.WriteLine($"token {created.Token.TokenId} for {created.Token.UserName}, expires {created.Token.ExpiresAt:u}; it is shown only now:");
            Console.WriteLine(created.Secret);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command List(Option<string?> db)
    {
        var user = UserOption();
        var all = new Option<bool>("--all") { Description = "Every user's tokens (manage_users)" };
        var json = CliOptions.Json();
        var command = new Command("list", "List tokens (never their secrets)") { user, all, json };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            var tokens = await host.Get<TokenOperations>().ListAsync(caller, parse.GetValue(user), parse.GetValue(all), ct);
            if (parse.GetValue(json))
            {
                Json.Write(new
                {
                    tokens = tokens.Select(t => new { token_id = t.TokenId, user = t.UserName, t.Name, created_at = t.CreatedAt, expires_at = t.ExpiresAt, revoked_at = t.RevokedAt, last_used_at = t.LastUsedAt }),
                });
                return ExitCode.Ok;
            }

            foreach (var t in tokens)
            {
                var state = t.RevokedAt is not null ? $"revoked {t.RevokedAt:u}" : t.ExpiresAt <= DateTimeOffset.UtcNow ? "expired" : $"expires {t.ExpiresAt:u}";
                Console.WriteLine($"{t.TokenId}  {t.UserName,-20} {state,-32} {t.Name}");
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Revoke(Option<string?> db)
    {
        var id = new Argument<string>("token-id") { Description = "The token's id (token list shows it)" };
        var command = new Command("revoke", "Revoke a token at once") { id };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            await using var host = await CliHost.StartAsync(parse, db, ct);
            var caller = await host.SignInAsync(ct);
            await host.Get<TokenOperations>().RevokeAsync(caller, parse.GetValue(id), ct);
            Console.WriteLine($"token {parse.GetValue(id)} revoked");
            return ExitCode.Ok;
        }));
        return command;
    }
}
