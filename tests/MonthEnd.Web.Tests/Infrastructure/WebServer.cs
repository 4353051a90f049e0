using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Cli.Hosting;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Rules;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Identity;
using MonthEnd.Operations.Schema;
using MonthEnd.Operations.Source;
using MonthEnd.Operations.Users;

namespace MonthEnd.Web.Tests.Infrastructure;

/// <summary>
/// `monthend serve`'s host (<see cref="ServeHost"/>) on Kestrel at 127.0.0.1, port 0, over a real
/// database initialised through the host's own operations: the first batch_admin alice, then users
/// of every role added by her as `user add` adds them.
/// </summary>
public sealed partial class WebServer : IAsyncDisposable
{
    public const string Password = "a long enough password";
    public static readonly ClientInfo Client = new("test", "127.0.0.1", "monthend-web-tests");

    private readonly WebApplication _app;

    private WebServer(WebApplication app, IWebDatabase database)
    {
        _app = app;
        Database = database;
    }

    /// <summary>Where Kestrel listens, once started (port 0 picks a free one).</summary>
    public Uri Address => new(_app.Urls.Single(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));

    public IWebDatabase Database { get; }

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Starts the host on a database made for it; <paramref name="prepare"/> runs after init, before the host listens.</summary>
    /// <param name="settings">Configuration for this host over the tests' own (Web:LiveIntervalMs, Web:KnownProxies:0, …).</param>
    public static async Task<WebServer> StartAsync(IWebDatabase database, Func<WebServer, Task>? prepare = null, bool created = false,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (!created)
        {
            await database.CreateAsync();
        }

        var configuration = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Audit:Key"] = AuditKeys.GetOrAdd(database.Connection, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ["Rollback:BackupDirectory"] = Path.Combine(Path.GetTempPath(), "monthend-web-backups-" + Guid.NewGuid().ToString("N")),
        };
        var app = await ServeHost.BuildAsync(new ServeSettings(database.Connection, ["http://127.0.0.1:0"], configuration), CancellationToken.None, requireSchema: false);
        var server = new WebServer(app, database);
        try
        {
            if (!await app.Services.GetRequiredService<SchemaOperations>().HasUsersAsync(CancellationToken.None))
            {
                await app.Services.GetRequiredService<SchemaOperations>().InitAsync(null, "alice", Password, RuleSetLoader.LoadDefault(), Client, CancellationToken.None);
            }

            if (prepare is not null)
            {
                await prepare(server);
            }

            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The same database's key across restarts of the host.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> AuditKeys = new();

    public Task<Caller> SignInAsync(string user) => Get<SignIn>().WithPasswordAsync(user, Password, Client, CancellationToken.None);

    /// <summary>Adds a user with one role, as alice (a batch_admin) adds her.</summary>
    public async Task AddUserAsync(string name, Role role)
    {
        var alice = await SignInAsync("alice");
        await Get<UserOperations>().AddAsync(alice, name, [role], Password, "web tests", CancellationToken.None);
    }

    /// <summary>An API token of the user, as `token create` makes it.</summary>
    public async Task<string> TokenAsync(string user)
    {
        var caller = await SignInAsync(user);
        return (await Get<TokenOperations>().CreateAsync(caller, null, "web tests", null, CancellationToken.None)).Secret;
    }

    public async Task GenerateAsync(Period period, long premiums, long claims)
    {
        var alice = await SignInAsync("alice");
        await Get<SourceOperations>().GenerateAsync(alice, period, premiums, claims, 7, RuleSetLoader.LoadDefault(), CancellationToken.None);
    }

    /// <summary>The trail's rows, read from the store directly (not through the web).</summary>
    public async Task<IReadOnlyList<AuditEntry>> TrailAsync()
    {
        var rows = new List<AuditEntry>();
        await foreach (var row in Get<IAuditStore>().ReadAuditAsync(new AuditQuery(), CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (the tests look at them).</summary>
    public HttpClient Browser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address };

    public HttpClient Api(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Logs in through the login page (antiforgery token and all); returns the answer to the form post.</summary>
    public static async Task<HttpResponseMessage> LogInAsync(HttpClient browser, string user, string password)
    {
        var form = await browser.GetStringAsync("/login");
        return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
    }

    public static string AntiforgeryToken(string html) =>
        TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("the page has no antiforgery token");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
