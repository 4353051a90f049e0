using System.Net;
using System.Net.Sockets;
using MonthEnd.Operations.Access;
using MonthEnd.Cli.Tests.Infrastructure;

namespace MonthEnd.Cli.Tests;

/// <summary>`monthend serve`'s wiring as a real process: it listens where told over an initialised database and stops cleanly on SIGTERM. (The pages and the API are tested in MonthEnd.Web.Tests.)</summary>
public sealed class ServeTests
{
    [Fact]
    public async Task serve_answers_where_it_was_told_and_stops_with_exit_0_on_sigterm()
    {
        using var work = new Workspace();
        await work.InitAsync();
        var address = $"http://127.0.0.1:{FreePort()}";
        using var serve = work.Start("serve", "--urls", address);
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var login = await Poll.WhileRunningAsync(serve, "the server answered", () => Answer(http, "/login"));
        login.ShouldBe(HttpStatusCode.OK);
        Answer(http, "/api/batches").ShouldBe(HttpStatusCode.Unauthorized);
        Signals.Send(serve, "TERM");

        var result = (await serve.WaitAsync()).ShouldExitWith(ExitCode.Ok);
        result.Stdout.ShouldContain($"listening on {address}");
    }

    [Fact]
    public async Task serve_refuses_a_database_that_init_has_not_made()
    {
        using var work = new Workspace();
        (await work.CliAsync("serve", "--urls", $"http://127.0.0.1:{FreePort()}")).ShouldExitWith(ExitCode.Refused).Stderr.ShouldContain("monthend init");
    }

    private static HttpStatusCode? Answer(HttpClient http, string path)
    {
        try
        {
            return http.GetAsync(path).GetAwaiter().GetResult().StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
