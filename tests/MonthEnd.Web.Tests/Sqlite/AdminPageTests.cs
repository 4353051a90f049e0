using System.Net;
using System.Text.RegularExpressions;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Sqlite;

/// <summary>A host behind a reverse proxy on loopback (Web:KnownProxies = 127.0.0.1), with an operator and a little source for January.</summary>
public sealed class ProxiedWebFixture : IAsyncLifetime
{
    public WebServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WebServer.StartAsync(new SqliteWebDatabase(), async s =>
    {
        await s.AddUserAsync("oscar", Role.BatchOperator);
        await s.GenerateAsync(new Period(2025, 1), premiums: 20, claims: 5);
    }, settings: new Dictionary<string, string?> { ["Web:KnownProxies:0"] = "127.0.0.1" });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Server.Database.DisposeAsync();
    }
}

/// <summary>The users, tokens and pre-flight pages, and the client's address as a known proxy forwards it.</summary>
public sealed partial class AdminPageTests(ProxiedWebFixture fixture) : IClassFixture<ProxiedWebFixture>
{
    /// <summary>The checks `preflight` runs, in its order (docs/operations.md).</summary>
    private static readonly string[] PreflightChecks =
    [
        "DATABASE_REACHABLE", "PERIOD_OPEN", "PRIOR_BATCHES", "PRIOR_PERIOD_POSTED", "NO_ACTIVE_BATCH", "SOURCE_VALID", "DATABASE_WRITABLE", "DISK_SPACE",
    ];

    private WebServer Server => fixture.Server;

    [Fact]
    public async Task an_operator_is_shown_no_users_page_and_her_post_to_it_is_refused_403_and_audited_failed()
    {
        using var oscar = await BrowserOfAsync("oscar");
        var home = await oscar.GetStringAsync("/");
        home.ShouldNotContain("href=\"/users\"");
        (await oscar.GetAsync("/users")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "typing the address reaches the list operation, which refuses");

        var before = (await Server.TrailAsync()).Count;
        var post = await oscar.PostAsync("/users?handler=Add", Form(home,
            ("UserName", "mallory"), ("Password", WebServer.Password), ("PasswordAgain", WebServer.Password), ("Roles", "batch_admin")));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await post.Content.ReadAsStringAsync()).ShouldContain("manage_users");
        var refusal = (await Server.TrailAsync()).Skip(before).ShouldHaveSingleItem();
        (refusal.Draft.Operation, refusal.Draft.PerformedBy, refusal.Draft.Status).ShouldBe(("USER_ADDED", "oscar", AuditStatus.Failed));
        (await Server.Get<IUserStore>().FindUserAsync("mallory", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_user_added_through_the_page_logs_in_with_her_password_and_holds_the_roles_ticked()
    {
        using var alice = await BrowserOfAsync("alice");
        var page = await alice.GetStringAsync("/users");
        page.ShouldContain("id=\"add-user\"");

        var mismatch = await alice.PostAsync("/users?handler=Add", Form(page,
            ("UserName", "nadia"), ("Password", WebServer.Password), ("PasswordAgain", WebServer.Password + "x"), ("Roles", "finance_viewer")));
        mismatch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.Get<IUserStore>().FindUserAsync("nadia", CancellationToken.None)).ShouldBeNull("the two passwords differ");

        const string password = "nadia's own long password";
        var added = await alice.PostAsync("/users?handler=Add", Form(page,
            ("UserName", "nadia"), ("Password", password), ("PasswordAgain", password), ("Roles", "finance_viewer"), ("Roles", "auditor")));
        added.StatusCode.ShouldBe(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        (await added.Content.ReadAsStringAsync()).ShouldContain("id=\"user-nadia\"");
        var stored = (await Server.Get<IUserStore>().FindUserAsync("nadia", CancellationToken.None)).ShouldNotBeNull();
        stored.Roles.OrderBy(r => r).ShouldBe([Role.FinanceViewer, Role.Auditor]);

        using var nadia = Server.Browser();
        (await WebServer.LogInAsync(nadia, "nadia", password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await nadia.GetStringAsync("/")).ShouldContain("nadia (finance_viewer, auditor)");

        var users = await alice.GetStringAsync("/users");
        var unconfirmed = await alice.PostAsync("/users?handler=Disable", Form(users, ("UserName", "nadia")));
        unconfirmed.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "disabling is confirmed by the ticked box");
        (await Server.Get<IUserStore>().FindUserAsync("nadia", CancellationToken.None))!.Disabled.ShouldBeFalse();
        (await alice.PostAsync("/users?handler=Disable", Form(users, ("UserName", "nadia"), ("Confirm", "true")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await nadia.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "her session ends at her next click");
        (await alice.PostAsync("/users?handler=Revoke", Form(users, ("UserName", "nadia"), ("Role", "auditor"), ("Confirm", "true")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Server.Get<IUserStore>().FindUserAsync("nadia", CancellationToken.None))!.Roles.ShouldBe([Role.FinanceViewer]);
    }

    [Fact]
    public async Task a_token_made_on_the_page_opens_the_api_is_never_listed_and_once_revoked_opens_nothing()
    {
        using var alice = await BrowserOfAsync("alice");
        var page = await alice.GetStringAsync("/tokens");
        var created = await alice.PostAsync("/tokens?handler=Create", Form(page, ("Name", "reporting script"), ("Days", "7")));
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var secret = SecretShown().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        secret.ShouldStartWith("met_");

        using var api = Server.Api(secret);
        (await api.GetAsync("/api/batches")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = await alice.GetStringAsync("/tokens");
        listed.ShouldContain("reporting script");
        listed.ShouldNotContain(secret, customMessage: "the secret is shown once, when made");
        var tokenId = (await Server.Get<IUserStore>().ListTokensAsync("alice", CancellationToken.None)).Single(t => t.Name == "reporting script").TokenId;

        (await alice.PostAsync("/tokens?handler=Revoke", Form(listed, ("TokenId", tokenId)))).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "not confirmed");
        (await api.GetAsync("/api/batches")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await alice.PostAsync("/tokens?handler=Revoke", Form(listed, ("TokenId", tokenId), ("Confirm", "true")))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetAsync("/api/batches")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_preflight_page_shows_each_check_with_its_verdict_and_reason()
    {
        using var oscar = await BrowserOfAsync("oscar");
        var form = await oscar.GetStringAsync("/preflight");

        var january = await (await oscar.PostAsync("/preflight", Form(form, ("Period", "2025-01")))).Content.ReadAsStringAsync();
        var march = await (await oscar.PostAsync("/preflight", Form(form, ("Period", "2025-03")))).Content.ReadAsStringAsync();

        var rows = Checks(january);
        rows.Select(r => r.Name).ShouldBe(PreflightChecks);
        rows.ShouldAllBe(r => r.Reason.Length > 0);
        rows.Single(r => r.Name == "SOURCE_VALID").Verdict.ShouldBe("PASS", "January has 25 valid records");
        rows.Single(r => r.Name == "PERIOD_OPEN").Verdict.ShouldBe("PASS");
        var marchRows = Checks(march);
        marchRows.Single(r => r.Name == "SOURCE_VALID").Verdict.ShouldBe("FAIL", "March has no source");
        marchRows.Single(r => r.Name == "PRIOR_PERIOD_POSTED").Verdict.ShouldBe("PASS", "February has nothing to post either");
        march.ShouldContain("2025-03: FAILED");
        (await Server.TrailAsync()).Count(r => r.Draft.Operation == "PREFLIGHT" && r.Draft.PerformedBy == "oscar").ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task a_known_proxy_forwarded_address_is_the_one_the_trail_records()
    {
        using var browser = Server.Browser();
        var form = await browser.GetStringAsync("/login");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = Form(form, ("UserName", "ghost-behind-proxy"), ("Password", "not a password of anyone")),
        };
        post.Headers.Add("X-Forwarded-For", "203.0.113.7");
        post.Headers.Add("X-Forwarded-Proto", "https");
        (await browser.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var row = (await Server.TrailAsync()).Last(r => r.Draft.PerformedBy == "ghost-behind-proxy");
        row.Draft.IpAddress.ShouldBe("203.0.113.7", "the request came from 127.0.0.1, a known proxy");
    }

    internal static (string Name, string Verdict, string Reason)[] Checks(string html) =>
        [.. CheckRow().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))];

    private async Task<HttpClient> BrowserOfAsync(string user)
    {
        var browser = Server.Browser();
        (await WebServer.LogInAsync(browser, user, WebServer.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", WebServer.AntiforgeryToken(page))));

    [GeneratedRegex("<code id=\"token-secret\">([^<]+)</code>")]
    private static partial Regex SecretShown();

    [GeneratedRegex("<tr class=\"[a-z]+\" id=\"check-([A-Z_]+)\"><td>[A-Z_]+</td><td>(PASS|WARN|FAIL)</td><td>([^<]*)</td></tr>")]
    private static partial Regex CheckRow();
}
