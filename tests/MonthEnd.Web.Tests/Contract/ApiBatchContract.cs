using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Security;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Contract;

/// <summary>
/// The API's happy path on each store: an admin initiates a small batch, the server runs it in its
/// background, a poll of the batch sees it COMMITTED, and the finance viewer's report of it carries
/// the ledger's totals as the tables sum them.
/// </summary>
public abstract class ApiBatchContract(Func<IWebDatabase> databases)
{
    private static readonly Period January = new(2025, 1);
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task an_admin_initiates_a_batch_through_the_api_polls_it_to_committed_and_its_report_totals_equal_the_ledger()
    {
        await using var database = databases();
        await using var server = await WebServer.StartAsync(database, async s =>
        {
            await s.AddUserAsync("fiona", Role.FinanceViewer);
            await s.GenerateAsync(January, premiums: 240, claims: 60);
        });
        using var admin = server.Api(await server.TokenAsync("alice"));
        using var viewer = server.Api(await server.TokenAsync("fiona"));

        var started = await admin.PostAsJsonAsync("/api/batches", new { period = "2025-01", workers = 2, dry_run = false });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var batchId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch_id").GetString()!;
        started.Headers.Location!.OriginalString.ShouldBe($"/api/batches/{batchId}");

        var detail = await PollAsync(admin, batchId);
        detail.GetProperty("batch").GetProperty("status").GetString().ShouldBe("COMMITTED");
        detail.GetProperty("progress").GetProperty("records_processed").GetInt64().ShouldBe(300);
        detail.GetProperty("partitions").EnumerateArray().ShouldAllBe(p => p.GetProperty("partition").GetProperty("status").GetString() == "COMPLETED");
        detail.GetProperty("validation").EnumerateArray().ShouldAllBe(c => c.GetProperty("passed").GetBoolean());
        detail.GetProperty("phases").GetArrayLength().ShouldBeGreaterThan(0);
        detail.GetProperty("progress").GetProperty("records_per_second").GetDecimal().ShouldBeGreaterThan(0m);
        detail.GetProperty("progress").GetProperty("eta_seconds").ValueKind.ShouldBe(JsonValueKind.Null, "nothing is left to do");

        var (debit, credit) = await database.LedgerSumsAsync(batchId);
        debit.ShouldBeGreaterThan(0m);
        var report = await viewer.GetAsync($"/api/batches/{batchId}/report?kind=batch&format=json");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        var model = await report.Content.ReadFromJsonAsync<JsonElement>();
        decimal.Parse(model.GetProperty("total_debit").GetString()!, CultureInfo.InvariantCulture).ShouldBe(debit);
        decimal.Parse(model.GetProperty("total_credit").GetString()!, CultureInfo.InvariantCulture).ShouldBe(credit);

        var csv = await viewer.GetAsync($"/api/batches/{batchId}/report?kind=batch&format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe($"{batchId}-batch.csv");
        (await admin.GetAsync($"/api/batches/{batchId}/report?kind=batch&format=csv")).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden, "download_batch_reports is the finance viewer's, not the admin's");

        var again = await admin.PostAsJsonAsync("/api/batches", new { period = "2025-01", workers = 2 });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict, "the period is committed: `run` refuses it the same way");
        (await Problem.ReadAsync(again)).ExitCode.ShouldBe(Operations.Access.ExitCode.Refused);
    }

    private static async Task<JsonElement> PollAsync(HttpClient api, string batchId)
    {
        var until = DateTime.UtcNow + PollLimit;
        while (true)
        {
            var detail = await api.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}");
            if (!detail.GetProperty("progress").GetProperty("live").GetBoolean() || DateTime.UtcNow > until)
            {
                return detail;
            }

            await Task.Delay(200);
        }
    }
}
