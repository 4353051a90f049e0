using System.Net;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Users;
using MonthEnd.Web.Hosting;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Sqlite;

/// <summary>The browser side: sign-in with the product's users, what each role is shown and refused, antiforgery, headers.</summary>
public sealed class PageTests(SqliteWebFixture fixture) : IClassFixture<SqliteWebFixture>
{
    private WebServer Server => fixture.Server;

    [Fact]
    public async Task login_with_the_password_opens_a_session_and_a_wrong_one_does_not()
    {
        using var stranger = Server.Browser();
        var refused = await WebServer.LogInAsync(stranger, "oscar", "not the password at all");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("sign-in failed: unknown user or wrong password");
        (await stranger.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "no session: the batches page sends to the login");

        using var browser = Server.Browser();
        var ok = await WebServer.LogInAsync(browser, "oscar", WebServer.Password);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        ok.Headers.Location!.OriginalString.ShouldBe("/");
        var cookie = ok.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("monthend.session=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=strict");
        cookie.ShouldNotContain("expires", customMessage: "a session cookie, gone with the browser; the ticket inside lapses after 20 idle minutes");
        var page = await browser.GetAsync("/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("oscar (batch_operator)");

        var trail = await Server.TrailAsync();
        trail.ShouldContain(r => r.Draft.Operation == "SIGN_IN" && r.Draft.PerformedBy == "oscar" && r.Draft.Status == AuditStatus.Failed);
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_user_and_then_even_the_right_one_is_refused()
    {
        using var browser = Server.Browser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await WebServer.LogInAsync(browser, "larry", $"wrong password {attempt}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var locked = await WebServer.LogInAsync(browser, "larry", WebServer.Password);
        locked.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("larry is locked");
        locked.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("monthend.session=", StringComparison.Ordinal));
        (await Server.Get<IUserStore>().FindUserAsync("larry", CancellationToken.None))!.LockedUntil.ShouldNotBeNull();
    }

    [Fact]
    public async Task an_operator_is_shown_no_initiate_form_and_her_post_of_it_is_refused_403_and_audited_failed()
    {
        using var browser = Server.Browser();
        await WebServer.LogInAsync(browser, "oscar", WebServer.Password);
        var page = await browser.GetStringAsync("/");
        page.ShouldNotContain("Initiate Month-End Batch");
        page.ShouldNotContain("handler=Initiate");

        var before = (await Server.TrailAsync()).Count;
        var post = await browser.PostAsync("/?handler=Initiate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Initiate.Period"] = "2025-01",
            ["Initiate.Workers"] = "2",
            ["__RequestVerificationToken"] = WebServer.AntiforgeryToken(page),
        }));

        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await post.Content.ReadAsStringAsync()).ShouldContain("lacks the permission initiate_batch");
        var refusal = (await Server.TrailAsync()).Skip(before).ShouldHaveSingleItem();
        refusal.Draft.Operation.ShouldBe("BATCH_RUN");
        refusal.Draft.PerformedBy.ShouldBe("oscar");
        refusal.Draft.Status.ShouldBe(AuditStatus.Failed);
        System.Text.Json.JsonDocument.Parse(refusal.Draft.Details).RootElement.GetProperty("interface").GetString().ShouldBe("web");
        (await Server.Get<IMonthEndStore>().ListBatchesAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_form_post_without_the_antiforgery_token_is_refused_and_does_nothing()
    {
        using var browser = Server.Browser();
        await WebServer.LogInAsync(browser, "alice", WebServer.Password);
        var page = await browser.GetStringAsync("/");
        page.ShouldContain("Initiate Month-End Batch", customMessage: "alice holds initiate_batch");
        var before = (await Server.TrailAsync()).Count;

        var forged = await browser.PostAsync("/?handler=Initiate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Initiate.Period"] = "2025-01",
            ["Initiate.Workers"] = "2",
        }));
        var wrong = await browser.PostAsync("/?handler=Initiate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Initiate.Period"] = "2025-01",
            ["__RequestVerificationToken"] = "CfDJ8-forged",
        }));

        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Server.TrailAsync()).Count.ShouldBe(before, "neither reached the operations layer");
        (await Server.Get<IMonthEndStore>().ListBatchesAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task every_answer_carries_the_security_headers()
    {
        using var browser = Server.Browser();
        await WebServer.LogInAsync(browser, "aude", WebServer.Password);
        using var api = Server.Api();
        var answers = new[]
        {
            await browser.GetAsync("/login"),
            await browser.GetAsync("/"),
            await browser.GetAsync("/audit"),
            await browser.GetAsync("/batches/2099-01-MONTHEND"),
            await browser.GetAsync("/assets/site.css"),
            await api.GetAsync("/api/batches"),
            await api.GetAsync("/openapi/v1.json"),
        };

        foreach (var answer in answers)
        {
            var where = answer.RequestMessage!.RequestUri!.PathAndQuery;
            var csp = answer.Headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldBe(SecurityHeaders.ContentSecurityPolicy, where);
            csp.ShouldNotContain("unsafe-inline");
            csp.ShouldContain("script-src 'self'");
            answer.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", where);
            answer.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY", where);
            answer.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer", where);
        }

        answers[3].StatusCode.ShouldBe(HttpStatusCode.Forbidden, "an auditor lacks view_batch_status: the error page has the headers too");
    }

    [Fact]
    public async Task a_session_ends_at_the_next_request_once_its_user_is_disabled()
    {
        using var browser = Server.Browser();
        await WebServer.LogInAsync(browser, "dora", WebServer.Password);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Server.Get<UserOperations>().SetDisabledAsync(await Server.SignInAsync("alice"), "dora", disabled: true, CancellationToken.None);

        var after = await browser.GetAsync("/");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task an_auditor_exports_the_trail_as_csv_and_json_holding_every_row_and_an_operator_is_refused_403()
    {
        var before = (await Server.TrailAsync()).Select(r => r.AuditId).ToList();
        using var auditor = Server.Browser();
        await WebServer.LogInAsync(auditor, "aude", WebServer.Password);
        (await auditor.GetStringAsync("/audit")).ShouldContain("id=\"audit-export\"");

        var csv = await auditor.GetAsync("/audit?handler=Export&format=csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("audit_id,batch_id,operation,performed_by");
        var exported = lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        before.ShouldAllBe(id => exported.Contains(id), "every row of the trail before the export is in it");
        var json = System.Text.Json.JsonDocument.Parse(await auditor.GetStringAsync("/audit?handler=Export&format=json"));
        var inJson = json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("audit_id").GetInt64()).ToHashSet();
        before.ShouldAllBe(id => inJson.Contains(id), "every row of the trail before the export is in the json too");
        (await Server.TrailAsync()).ShouldContain(r => r.Draft.PerformedBy == "aude" && r.Draft.Operation.Contains("EXPORT", StringComparison.Ordinal));

        using var operatorBrowser = Server.Browser();
        await WebServer.LogInAsync(operatorBrowser, "oscar", WebServer.Password);
        (await operatorBrowser.GetAsync("/audit?handler=Export&format=csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task pages_show_each_role_only_its_own_links()
    {
        async Task<string> HomeOf(string user)
        {
            using var browser = Server.Browser();
            await WebServer.LogInAsync(browser, user, WebServer.Password);
            return await browser.GetStringAsync("/");
        }

        var (admin, viewer, auditor) = (await HomeOf("alice"), await HomeOf("fiona"), await HomeOf("aude"));
        admin.ShouldContain("href=\"/requests\"");
        admin.ShouldNotContain("href=\"/audit\"");
        viewer.ShouldNotContain("href=\"/requests\"");
        viewer.ShouldNotContain("Initiate Month-End Batch");
        auditor.ShouldContain("href=\"/audit\"");
        auditor.ShouldNotContain("Initiate Month-End Batch");
    }

    [Fact]
    public async Task forwarded_headers_from_a_proxy_not_in_the_known_list_are_ignored_by_the_trail()
    {
        using var browser = Server.Browser();
        var form = await browser.GetStringAsync("/login");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "ghost-unknown-proxy",
                ["Password"] = "not a password of anyone",
                ["__RequestVerificationToken"] = WebServer.AntiforgeryToken(form),
            }),
        };
        post.Headers.Add("X-Forwarded-For", "203.0.113.9");
        (await browser.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var row = (await Server.TrailAsync()).Last(r => r.Draft.PerformedBy == "ghost-unknown-proxy");
        row.Draft.IpAddress.ShouldBe("127.0.0.1", "no proxy is known to this server: the header is anyone's claim");
    }
}
