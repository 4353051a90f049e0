using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Sqlite;

/// <summary>The control and record endpoints on one batch: pause, resume (and who may not), abort, refusals by state, periods, requests, the trail and its verification.</summary>
public sealed class ApiLifecycleTests
{
    private static readonly Period January = new(2025, 1);

    [Fact]
    public async Task a_batch_paused_resumed_and_aborted_over_the_api_with_each_role_held_to_its_permissions()
    {
        await using var database = new SqliteWebDatabase();
        await using var server = await WebServer.StartAsync(database, async s =>
        {
            await s.AddUserAsync("oscar", Role.BatchOperator);
            await s.AddUserAsync("aude", Role.Auditor);
            await s.GenerateAsync(January, premiums: 40, claims: 10);
        });
        using var admin = server.Api(await server.TokenAsync("alice"));
        using var operatorApi = server.Api(await server.TokenAsync("oscar"));
        using var auditor = server.Api(await server.TokenAsync("aude"));

        // --workers 0: planned, then waiting for worker processes, so it stays open while the test drives it.
        var started = await admin.PostAsJsonAsync("/api/batches", new { period = "2025-01", workers = 0 });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch_id").GetString()!;

        (await StatusOf(await operatorApi.PostAsJsonAsync($"/api/batches/{id}/pause", new { reason = "end of shift" }))).ShouldBe("PAUSED");
        var refused = await operatorApi.PostAsJsonAsync($"/api/batches/{id}/resume", new { reason = "mine" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(refused)).Permission.ShouldBe("resume_batch");
        (await StatusOf(await admin.PostAsync($"/api/batches/{id}/resume", null))).ShouldBe("RUNNING");
        (await StatusOf(await admin.PostAsJsonAsync($"/api/batches/{id}/abort", new { reason = "wrong source" }))).ShouldBe("ABORTED");

        (await StatusOf(await admin.PostAsJsonAsync($"/api/batches/{id}/abort", new { reason = "twice" }))).ShouldBe("ABORTED", "abort again, as the CLI's: nothing more to do");
        var again = await admin.PostAsJsonAsync($"/api/batches/{id}/pause", new { reason = "too late" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Problem.ReadAsync(again)).ExitCode.ShouldBe(Operations.Access.ExitCode.Refused);
        var reverse = await admin.PostAsJsonAsync($"/api/batches/{id}/reverse", new { reason = "undo", date = "2025-02-01" });
        reverse.StatusCode.ShouldBe(HttpStatusCode.Conflict, "only a committed batch is reversed");

        var periods = await admin.GetFromJsonAsync<JsonElement>("/api/periods");
        var january = periods.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2025-01");
        january.GetProperty("batches").EnumerateArray().ShouldContain(b => b.GetProperty("batch_id").GetString() == id && b.GetProperty("status").GetString() == "ABORTED");
        (await admin.GetFromJsonAsync<JsonElement>("/api/requests")).GetProperty("requests").GetArrayLength().ShouldBe(0);
        (await admin.GetAsync("/api/periods/2025-01/dry-run")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the trail is the auditor's");

        var trail = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit?batch_id={id}");
        var operations = trail.GetProperty("entries").EnumerateArray()
            .Select(e => (Operation: e.GetProperty("operation").GetString(), By: e.GetProperty("performed_by").GetString(), Status: e.GetProperty("status").GetString())).ToList();
        operations.ShouldContain(("BATCH_PAUSED", "oscar", "SUCCESS"));
        operations.ShouldContain(("BATCH_RESUMED", "oscar", "FAILED"));
        operations.ShouldContain(("BATCH_RESUMED", "alice", "SUCCESS"));
        operations.ShouldContain(("BATCH_ABORTED", "alice", "SUCCESS"));
        (await auditor.GetAsync("/api/audit?from=2025-13-01")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var verified = await auditor.PostAsync("/api/audit/verify", null);
        (await verified.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intact").GetBoolean().ShouldBeTrue();
    }

    private static async Task<string?> StatusOf(HttpResponseMessage answer)
    {
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }
}
