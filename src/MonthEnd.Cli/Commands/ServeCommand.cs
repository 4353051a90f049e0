using System.CommandLine;
using MonthEnd.Cli.Hosting;

namespace MonthEnd.Cli.Commands;

/// <summary>serve: the web panel and the HTTP API over the same database and operations as the CLI, until SIGINT/SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(Option<string?> db)
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = $"Where to listen (default {ServeSettings.DefaultUrl}); behind a reverse proxy with TLS, keep it on loopback",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Serve the web panel (log in with the product's users) and the HTTP API under /api (Bearer API tokens)") { urls };
        command.SetAction((parse, ct) => CommandAction.Guard(parse, async () =>
        {
            var listen = parse.GetValue(urls) is { Length: > 0 } given ? given : [ServeSettings.DefaultUrl];
            await using var app = await ServeHost.BuildAsync(new ServeSettings(parse.GetValue(db), listen), ct);
            await app.StartAsync(ct);
            Console.WriteLine($"monthend serve: listening on {string.Join(", ", app.Urls)}; stop with Ctrl-C");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // SIGINT/SIGTERM: stop below, letting background runs reach their chunk boundary.
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        }));
        return command;
    }
}
