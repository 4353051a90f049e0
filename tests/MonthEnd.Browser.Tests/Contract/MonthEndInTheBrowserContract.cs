using System.Net;
using System.Net.Http.Json;
using MonthEnd.Browser.Tests.Infrastructure;
using MonthEnd.Core.Approvals;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Batches;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using MonthEnd.Operations.Access;
using MonthEnd.Operations.Approvals;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Users;
using MonthEnd.Web.Tests.Infrastructure;
using OpenQA.Selenium;

namespace MonthEnd.Browser.Tests.Contract;

/// <summary>
/// Issue 13's month-end in a real headless Chromium, on each store: the operator is shown no
/// initiate form and the API refuses her the same call; admin1 initiates the batch with the form
/// and watches its page reach COMMITTED by itself; the finance viewer downloads the report, whose
/// totals equal the ledger's SQL sums; admin1 asks for the committed rollback and cannot approve it;
/// admin2 approves it and the ledger of the period is empty; the auditor sees both rows and the
/// verify result. A screenshot per step (artifacts/test-results/screenshots/).
/// </summary>
public abstract class MonthEndInTheBrowserContract(Func<IWebDatabase> databases, Func<IWebDatabase, ILedgerOracle> oracles, string store)
{
    private const int Premiums = 80;
    private const int Claims = 20;
    private static readonly Period January = new(2025, 1);

    [Fact]
    public async Task a_month_end_in_chromium_where_each_role_does_its_part_and_the_pages_agree_with_the_ledger()
    {
        await using var database = databases();
        await using var server = await WebServer.StartAsync(database, async s =>
        {
            await AddUsersAsync(s);
            await GrantTheSecondAdminAsync(s);
            await s.GenerateAsync(January, Premiums, Claims);
        });
        using var browser = Chromium.Start(server.Address, $"month-end-{store}");
        try
        {
            await TheOperatorIsRefusedAsync(server, browser);
            var batchId = await AdminOneRunsTheBatchAsync(server, browser);
            await TheViewerDownloadsTheReportAsync(database, oracles(database), browser, batchId);
            var requestId = await AdminOneRequestsTheRollbackAsync(server, browser, batchId);
            await AdminTwoApprovesItAsync(server, database, oracles(database), browser, batchId);
            await TheAuditorSeesBothAsync(server, browser, requestId);
        }
        catch
        {
            browser.Shot("failed");
            throw;
        }
    }

    /// <summary>The users, added by alice (the first batch_admin) as `user add` adds them, signed in once: each sign-in is a slow hash by design.</summary>
    private static async Task AddUsersAsync(WebServer server)
    {
        var alice = await server.SignInAsync("alice");
        var users = server.Get<UserOperations>();
        foreach (var (name, role) in new[]
                 {
                     ("admin1", Role.BatchAdmin), ("admin2", Role.BatchAdmin), ("operator", Role.BatchOperator), ("auditor", Role.Auditor),
                     ("viewer", Role.FinanceViewer), ("worker1", Role.BatchWorker),
                 })
        {
            await users.AddAsync(alice, name, [role], WebServer.Password, "browser tests", CancellationToken.None);
        }
    }

    /// <summary>A second batch_admin is itself a four-eyes grant (alice asked it): admin1 approves it.</summary>
    private static async Task GrantTheSecondAdminAsync(WebServer server)
    {
        var admin1 = await server.SignInAsync("admin1");
        var approvals = server.Get<ApprovalOperations>();
        var grant = (await approvals.ListAsync(admin1, ApprovalStatus.Pending, CancellationToken.None)).ShouldHaveSingleItem();
        grant.Operation.ShouldBe("GRANT_BATCH_ADMIN");
        (await approvals.ApproveAsync(admin1, grant.RequestId, CancellationToken.None)).Status.ShouldBe(ApprovalStatus.Executed);
    }

    private static async Task TheOperatorIsRefusedAsync(WebServer server, Chromium browser)
    {
        browser.LogIn("operator", WebServer.Password);
        browser.Has(By.Id("initiate")).ShouldBeFalse("an operator lacks initiate_batch: no form");
        browser.Has(By.XPath("//button[contains(., 'Initiate Month-End Batch')]")).ShouldBeFalse();
        browser.Shot("operator-sees-no-initiate-form");

        using var api = server.Api(await server.TokenAsync("operator"));
        var refused = await api.PostAsJsonAsync("/api/batches", new { period = January.ToString(), workers = 0, dry_run = false });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await Problem.ReadAsync(refused);
        (problem.Status, problem.ExitCode, problem.Permission).ShouldBe((403, ExitCode.Denied, "initiate_batch"));
        (await server.Get<IMonthEndStore>().ListBatchesAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
        browser.LogOut();
    }

    /// <summary>
    /// With 0 workers the server's run plans the batch and waits for worker processes, so the page is
    /// certainly open when it loads; the test then works as a worker (the `monthend worker` loop's
    /// operations) and only watches the page, which must reach COMMITTED without being reloaded by it.
    /// </summary>
    private static async Task<string> AdminOneRunsTheBatchAsync(WebServer server, Chromium browser)
    {
        browser.LogIn("admin1", WebServer.Password);
        browser.Type(By.Id("Initiate_Period"), January.ToString());
        browser.Type(By.Id("Initiate_Workers"), "0");
        browser.Shot("admin1-fills-the-initiate-form");
        browser.Click(By.CssSelector("#initiate button[type=submit]"));
        browser.Until(d => d.Url.Contains("/batches/", StringComparison.Ordinal), "the batch page after initiating");
        var batchId = new Uri(browser.Path).AbsolutePath["/batches/".Length..];
        batchId.ShouldStartWith(January.ToString());

        browser.Find(By.Id("batch")).GetDomAttribute("data-live").ShouldBe("true", "the batch waits for workers: the page loads open");
        browser.Text(By.Id("live-status")).ShouldBeOneOf("PLANNED", "RUNNING");
        browser.UntilText(By.Id("live-status"), "RUNNING");
        var states = browser.Rows(By.Id("partitions")).Select(c => c[2]).ToList();
        states.ShouldNotBeEmpty();
        states.ShouldAllBe(s => s == "PENDING");
        browser.Shot("batch-running-waiting-for-workers");

        var staged = await WorkAsync(server, batchId);
        staged.Records.ShouldBe(Premiums + Claims);
        browser.UntilText(By.Id("live-status"), "COMMITTED");
        browser.Until(d => d.FindElements(By.CssSelector("tr.passed")).Count > 0, "the validation results once the page sees the commit");
        browser.Has(By.CssSelector("tr.failed")).ShouldBeFalse();
        browser.Text(By.Id("live-processed")).ShouldBe((Premiums + Claims).ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        browser.Has(By.CssSelector("a[href*='handler=Report']")).ShouldBeFalse("download_batch_reports is the finance viewer's, not an admin's");
        browser.Shot("batch-committed-on-the-live-page");
        (await server.Get<IMonthEndStore>().FindBatchAsync(batchId, CancellationToken.None))!.Status.ShouldBe(BatchStatus.Committed);
        browser.LogOut();
        return batchId;
    }

    /// <summary>What a `monthend worker` process does for one batch, as a batch_worker user.</summary>
    private static async Task<StagingCounters> WorkAsync(WebServer server, string batchId)
    {
        var worker = await server.SignInAsync("worker1");
        var work = server.Get<WorkerOperations>();
        (await work.JoinAsync(worker, "e2e-worker", CancellationToken.None)).ShouldBeTrue();
        var batch = (await work.RunningBatchesAsync(worker, CancellationToken.None)).ShouldHaveSingleItem();
        batch.BatchId.ShouldBe(batchId);
        return await work.StageAsync(worker, batch, "e2e-worker", new RunSettings(), CancellationToken.None);
    }

    private static async Task TheViewerDownloadsTheReportAsync(IWebDatabase database, ILedgerOracle ledger, Chromium browser, string batchId)
    {
        browser.LogIn("viewer", WebServer.Password);
        browser.Open($"/batches/{batchId}");
        browser.Click(By.CssSelector("a[href$='kind=batch&format=csv']"));
        var report = ReportCsv.Read(browser.Downloaded($"{batchId}-batch.csv"));
        browser.Shot("viewer-downloaded-the-batch-report");

        var (debit, credit) = await database.LedgerSumsAsync(batchId);
        debit.ShouldBeGreaterThan(0m);
        report.SummaryAmount("total debit").ShouldBe(debit);
        report.SummaryAmount("total credit").ShouldBe(credit);
        var funds = await ledger.FundSumsAsync(batchId);
        funds.ShouldNotBeEmpty();
        var reported = report.Rows("funds").ToDictionary(r => r[0], r => (ReportCsv.Amount(r[1]), ReportCsv.Amount(r[2])));
        reported.Where(f => f.Value != (0m, 0m)).Select(f => f.Key).Order().ShouldBe(funds.Keys.Order());
        foreach (var (fund, sums) in funds)
        {
            reported[fund].ShouldBe(sums, $"fund {fund}");
        }

        browser.LogOut();
    }

    private static async Task<long> AdminOneRequestsTheRollbackAsync(WebServer server, Chromium browser, string batchId)
    {
        browser.LogIn("admin1", WebServer.Password);
        browser.Open($"/batches/{batchId}");
        browser.Click(By.CssSelector($"a[href='/batches/{batchId}/rollback']"));
        browser.Until(d => d.Url.EndsWith("/rollback", StringComparison.Ordinal), "the rollback confirmation page");
        browser.Type(By.Id("Reason"), "posted to the wrong month");
        browser.Shot("admin1-confirms-the-rollback");
        browser.Click(By.CssSelector("main form button[type=submit]"));
        browser.Until(d => d.Url.EndsWith("/requests", StringComparison.Ordinal), "the requests page after asking");

        var request = (await server.Get<ApprovalOperations>().ListAsync(await server.SignInAsync("admin2"), ApprovalStatus.Pending, CancellationToken.None)).ShouldHaveSingleItem();
        (request.RequestedBy, request.Status).ShouldBe(("admin1", ApprovalStatus.Pending));
        browser.Rows(By.CssSelector("main table")).ShouldContain(r => r[0] == $"{request.RequestId}" && r[4].StartsWith("admin1 at ", StringComparison.Ordinal) && r[5] == "PENDING");
        browser.Has(By.CssSelector("form[action*='handler=Approve']")).ShouldBeFalse("nobody is offered the approval of her own request");
        browser.Shot("admin1-is-offered-no-approval-of-her-own-request");

        using var api = server.Api(await server.TokenAsync("admin1"));
        var own = await api.PostAsJsonAsync($"/api/requests/{request.RequestId}/approve", new { });
        own.IsSuccessStatusCode.ShouldBeFalse();
        (await Problem.ReadAsync(own)).Detail.ShouldContain("cannot approve their own request");
        (await server.Get<IMonthEndStore>().FindBatchAsync(batchId, CancellationToken.None))!.Status.ShouldBe(BatchStatus.Committed, "a request alone changes nothing");
        browser.LogOut();
        return request.RequestId;
    }

    private static async Task AdminTwoApprovesItAsync(WebServer server, IWebDatabase database, ILedgerOracle ledger, Chromium browser, string batchId)
    {
        (await ledger.EntriesDatedInAsync(January)).ShouldBeGreaterThan(0);
        browser.LogIn("admin2", WebServer.Password);
        browser.Open("/requests");
        browser.Shot("admin2-sees-the-request");
        browser.Click(By.CssSelector("form[action*='handler=Approve'] button[type=submit]"));
        browser.Until(d => d.FindElement(By.CssSelector("p.notice")).Text.Contains("EXECUTED", StringComparison.Ordinal), "the approval executed");
        browser.Shot("admin2-approved-the-rollback");

        browser.Open($"/batches/{batchId}");
        browser.UntilText(By.Id("live-status"), "ROLLED_BACK");
        browser.Shot("batch-rolled-back");
        (await ledger.EntriesDatedInAsync(January)).ShouldBe(0, "the committed entries of the period are gone");
        (await database.LedgerSumsAsync(batchId)).ShouldBe((0m, 0m));
        (await server.Get<IMonthEndStore>().FindBatchAsync(batchId, CancellationToken.None))!.Status.ShouldBe(BatchStatus.RolledBack);
        browser.LogOut();
    }

    private static async Task TheAuditorSeesBothAsync(WebServer server, Chromium browser, long requestId)
    {
        browser.LogIn("auditor", WebServer.Password);
        browser.Open("/audit");
        var rows = browser.Rows(By.CssSelector("table.audit")).Select(c => (Operation: c[2], By: c[3], Status: c[4], Details: c[7])).ToList();
        var asked = rows.ShouldHaveSingleItem(r => r.Operation == "APPROVAL_REQUESTED" && r.By == "admin1");
        asked.Status.ShouldBe("SUCCESS");
        asked.Details.ShouldContain("posted to the wrong month");
        var ofRequest = rows.Where(r => r.Operation == "REQUEST_APPROVED" && r.Details.Contains($"\"request_id\":{requestId}", StringComparison.Ordinal)).ToList();
        ofRequest.ShouldHaveSingleItem(r => r.Status == "SUCCESS").By.ShouldBe("admin2");
        ofRequest.ShouldContain(r => r.By == "admin1" && r.Status == "FAILED", "admin1's try at her own request is in the trail, refused");
        browser.ScrollTo(By.XPath("//table[@class='audit']/tbody/tr[td[3]='APPROVAL_REQUESTED' and td[4]='admin1']"));
        browser.Shot("auditor-sees-the-request-and-the-approval");

        // The page shows what the store holds: the same rows, by the same users.
        var trail = await server.TrailAsync();
        trail.Count(r => r.Draft.Operation is "APPROVAL_REQUESTED" or "REQUEST_APPROVED").ShouldBe(rows.Count(r => r.Operation is "APPROVAL_REQUESTED" or "REQUEST_APPROVED"));

        browser.Click(By.XPath("//button[contains(., 'Verify the trail')]"));
        browser.UntilText(By.CssSelector("#verify-result h2"), "INTACT");
        browser.Text(By.Id("verify-result")).ShouldContain("rows verified");
        browser.Shot("auditor-verified-the-trail");
        browser.LogOut();
    }
}

/// <summary>ShouldHaveSingleItem with a predicate, for a row picked out of a page's table.</summary>
internal static class RowAssertions
{
    public static T ShouldHaveSingleItem<T>(this IEnumerable<T> rows, Func<T, bool> which) => rows.Where(which).ShouldHaveSingleItem();
}
