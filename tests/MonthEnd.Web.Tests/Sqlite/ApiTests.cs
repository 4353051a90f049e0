using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Storage;
using MonthEnd.Web.Tests.Infrastructure;
using CliExit = MonthEnd.Operations.Access.ExitCode;

namespace MonthEnd.Web.Tests.Sqlite;

/// <summary>The API's refusals: who is not signed in, who may not, what is malformed, what does not exist; each as problem details with the CLI's exit code.</summary>
public sealed class ApiTests(SqliteWebFixture fixture) : IClassFixture<SqliteWebFixture>
{
    private WebServer Server => fixture.Server;

    [Fact]
    public async Task without_a_token_or_with_a_bad_one_the_api_answers_401_with_exit_code_6()
    {
        using var none = Server.Api();
        using var bad = Server.Api("met_" + new string('x', 43));
        using var garbage = Server.Api("not a token; DROP TABLE users");
        var before = (await Server.TrailAsync()).Count;

        foreach (var answer in new[] { await none.GetAsync("/api/batches"), await bad.GetAsync("/api/batches"), await garbage.PostAsJsonAsync("/api/batches", new { period = "2025-01" }) })
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            answer.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
            var problem = await Problem.ReadAsync(answer);
            problem.ExitCode.ShouldBe(CliExit.NotSignedIn);
            problem.Status.ShouldBe(401);
        }

        var failures = (await Server.TrailAsync()).Skip(before).ToList();
        failures.Count.ShouldBe(2, "the two tokens that were given are refused in the trail; no token at all is nobody");
        failures.ShouldAllBe(r => r.Draft.Operation == "SIGN_IN" && r.Draft.Status == AuditStatus.Failed);
    }

    [Fact]
    public async Task a_page_session_cookie_does_not_authorise_the_api()
    {
        using var browser = Server.Browser();
        await WebServer.LogInAsync(browser, "alice", WebServer.Password);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/api/batches")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_finance_viewer_initiating_a_batch_is_refused_403_naming_the_permission_with_exit_code_7_and_audited()
    {
        using var api = Server.Api(await Server.TokenAsync("fiona"));
        var before = (await Server.TrailAsync()).Count;

        var answer = await api.PostAsJsonAsync("/api/batches", new { period = "2025-01", workers = 2, dry_run = false });

        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await Problem.ReadAsync(answer);
        problem.ExitCode.ShouldBe(CliExit.Denied);
        problem.Permission.ShouldBe("initiate_batch");
        problem.Detail.ShouldContain("user fiona (roles: finance_viewer) lacks the permission initiate_batch");
        var refusal = (await Server.TrailAsync()).Skip(before).ShouldHaveSingleItem();
        (refusal.Draft.Operation, refusal.Draft.PerformedBy, refusal.Draft.Status).ShouldBe(("BATCH_RUN", "fiona", AuditStatus.Failed));
        JsonDocument.Parse(refusal.Draft.Details).RootElement.GetProperty("interface").GetString().ShouldBe("api");
        (await Server.Get<IMonthEndStore>().ListBatchesAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{\"period\":\"2025-13\"}", "period")]
    [InlineData("{\"period\":\"January\"}", "period")]
    [InlineData("{\"period\":\"2025-01\",\"workers\":-1}", "workers")]
    [InlineData("{\"period\":\"2025-01\",\"workers\":100000}", "workers")]
    [InlineData("{\"period\":\"2025-01\",\"workers\":\"two\"}", "")]
    [InlineData("[1,2,3]", "")]
    [InlineData("not json", "")]
    public async Task malformed_input_is_400_with_exit_code_64_and_starts_nothing(string body, string named)
    {
        using var api = Server.Api(await Server.TokenAsync("alice"));
        var answer = await api.PostAsync("/api/batches", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await Problem.ReadAsync(answer);
        problem.ExitCode.ShouldBe(CliExit.Usage);
        problem.Detail.ShouldStartWith(named);
        (await Server.Get<IMonthEndStore>().ListBatchesAsync(null, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unknown_batch_is_404_and_a_malformed_id_400()
    {
        using var api = Server.Api(await Server.TokenAsync("alice"));

        var unknown = await api.GetAsync("/api/batches/2099-01-MONTHEND");
        var malformed = await api.PostAsJsonAsync("/api/batches/..%2F..%2Fetc/pause", new { reason = "x" });
        var request = await api.PostAsync("/api/requests/424242/approve", null);

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Problem.ReadAsync(unknown)).ExitCode.ShouldBe(CliExit.Refused);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        request.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_openapi_document_lists_every_api_path()
    {
        using var api = Server.Api();
        using var document = JsonDocument.Parse(await api.GetStringAsync("/openapi/v1.json"));
        var documented = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var mapped = Server.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p.TrimEnd('/'), @"\{(\w+)(:\w+)?\}", "{$1}"))
            .ToHashSet(StringComparer.Ordinal);

        mapped.ShouldContain("/api/batches/{id}/report");
        mapped.Count.ShouldBeGreaterThanOrEqualTo(14);
        documented.ShouldBe(mapped, ignoreOrder: true);
        document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
    }
}
