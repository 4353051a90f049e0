using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Approvals;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Sqlite;

/// <summary>
/// A month-end through the pages alone: the admin initiates it with the form, watches it live to
/// COMMITTED, the operator is refused what her page does not offer, the finance viewer downloads the
/// report, a committed rollback waits for a second admin on the requests page, and the auditor reads
/// and verifies the trail.
/// </summary>
public sealed class BatchPageTests
{
    private static readonly Period January = new(2025, 1);

    [Fact]
    public async Task a_month_end_through_the_pages_with_each_role_doing_only_its_part()
    {
        await using var database = new SqliteWebDatabase();
        await using var server = await WebServer.StartAsync(database, async s =>
        {
            await s.AddUserAsync("bob", Role.BatchAdmin);
            await s.AddUserAsync("oscar", Role.BatchOperator);
            await s.AddUserAsync("fiona", Role.FinanceViewer);
            await s.AddUserAsync("aude", Role.Auditor);
            await s.GenerateAsync(January, premiums: 120, claims: 30);
        });
        using var alice = await BrowserOfAsync(server, "alice");

        var home = await alice.GetStringAsync("/");
        var initiated = await alice.PostAsync("/?handler=Initiate", Form(home, ("Initiate.Period", "2025-01"), ("Initiate.Workers", "2")));
        initiated.StatusCode.ShouldBe(HttpStatusCode.Redirect, await initiated.Content.ReadAsStringAsync());
        var page = initiated.Headers.Location!.OriginalString;
        var batchId = page["/batches/".Length..];
        var detail = await alice.GetStringAsync(page);
        detail.ShouldContain("id=\"partitions\"");
        detail.ShouldContain("<script src=\"/assets/batch.js\"");
        detail.ShouldNotContain("handler=Report", customMessage: "reports are download_batch_reports, which an admin does not hold");
        var live = await PollLiveAsync(alice, page);
        live.GetProperty("batch").GetProperty("status").GetString().ShouldBe("COMMITTED");

        using var oscar = await BrowserOfAsync(server, "oscar");
        var oscarsPage = await oscar.GetStringAsync(page);
        oscarsPage.ShouldNotContain($"{page}/abort");
        var before = (await server.TrailAsync()).Count;
        var abort = await oscar.PostAsync($"{page}/abort", Form(oscarsPage, ("Reason", "not mine to do")));
        abort.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var refusal = (await server.TrailAsync()).Skip(before).ShouldHaveSingleItem();
        (refusal.Draft.Operation, refusal.Draft.PerformedBy, refusal.Draft.Status).ShouldBe(("BATCH_ABORTED", "oscar", AuditStatus.Failed));

        using var fiona = await BrowserOfAsync(server, "fiona");
        (await fiona.GetStringAsync(page)).ShouldContain("handler=Report&amp;kind=cfo&amp;format=xlsx");
        var report = await fiona.GetAsync($"{page}?handler=Report&kind=batch&format=html");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        report.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await report.Content.ReadAsStringAsync()).ShouldContain(batchId);

        var confirm = await alice.GetStringAsync($"{page}/rollback");
        confirm.ShouldContain("second batch_admin");
        var asked = await alice.PostAsync($"{page}/rollback", Form(confirm, ("Reason", "posted to the wrong month")));
        asked.Headers.Location!.OriginalString.ShouldBe("/requests");
        (await server.Get<IMonthEndStore>().FindBatchAsync(batchId, CancellationToken.None))!.Status.ShouldBe(BatchStatus.Committed, "a request alone changes nothing");
        var alicesRequests = await alice.GetStringAsync("/requests");
        alicesRequests.ShouldNotContain("handler=Approve", customMessage: "nobody approves her own request");

        using var bob = await BrowserOfAsync(server, "bob");
        var bobsRequests = await bob.GetStringAsync("/requests");
        var requestId = (await server.Get<ApprovalOperations>().ListAsync(await server.SignInAsync("bob"), null, CancellationToken.None)).ShouldHaveSingleItem().RequestId;
        var approved = await bob.PostAsync("/requests?handler=Approve", Form(bobsRequests, ("requestId", requestId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approved.Content.ReadAsStringAsync()).ShouldContain("EXECUTED");
        (await server.Get<IMonthEndStore>().FindBatchAsync(batchId, CancellationToken.None))!.Status.ShouldBe(BatchStatus.RolledBack);

        using var aude = await BrowserOfAsync(server, "aude");
        var trail = await aude.GetStringAsync("/audit");
        trail.ShouldContain("BATCH_RUN");
        trail.ShouldContain("APPROVAL_REQUESTED");
        var ofBatch = await aude.GetStringAsync($"/audit?batch={batchId}");
        ofBatch.ShouldContain("REPORT_DOWNLOADED");
        ofBatch.ShouldNotContain("USER_ADDED", customMessage: "the filter keeps the batch's rows only");
        var verified = await aude.PostAsync("/audit?handler=Verify", Form(trail));
        (await verified.Content.ReadAsStringAsync()).ShouldContain("INTACT");
    }

    private static async Task<HttpClient> BrowserOfAsync(WebServer server, string user)
    {
        var browser = server.Browser();
        (await WebServer.LogInAsync(browser, user, WebServer.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    /// <summary>A form post as the browser sends it from <paramref name="page"/>: the fields and the page's antiforgery token.</summary>
    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", WebServer.AntiforgeryToken(page))));

    private static async Task<JsonElement> PollLiveAsync(HttpClient browser, string page)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var live = await browser.GetFromJsonAsync<JsonElement>($"{page}?handler=Live");
            if (!live.GetProperty("progress").GetProperty("live").GetBoolean() || DateTime.UtcNow > until)
            {
                return live;
            }

            await Task.Delay(200);
        }
    }
}
