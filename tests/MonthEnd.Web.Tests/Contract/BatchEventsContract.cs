using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MonthEnd.Core.Audit;
using MonthEnd.Core.Calendar;
using MonthEnd.Core.Engine;
using MonthEnd.Core.Security;
using MonthEnd.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Users;
using MonthEnd.Web.Live;
using MonthEnd.Web.Runs;
using MonthEnd.Web.Tests.Infrastructure;

namespace MonthEnd.Web.Tests.Contract;

/// <summary>
/// The batch page's event stream on each store: a batch initiated with no in-process workers waits,
/// a worker (the test, as `monthend worker` does it) stages it, the server's run validates and commits
/// it, and the stream's snapshots agree with the tables at each point it can be pinned down, then end
/// with the final status. A user without view_batch_status is refused before anything streams.
/// </summary>
public abstract class BatchEventsContract(Func<IWebDatabase> databases)
{
    private static readonly Period January = new(2025, 1);
    private const long Premiums = 180;
    private const long Claims = 45;

    private const string ProcessedSql = "SELECT coalesce(sum(records_processed), 0) FROM staging_worker_partition WHERE batch_id = @batchId";
    private const string PartitionsSql = "SELECT count(*) FROM staging_worker_partition WHERE batch_id = @batchId";
    private const string EntriesSql = "SELECT count(*) FROM journal_entry_header WHERE batch_id = @batchId";

    [Fact]
    public async Task the_event_stream_sends_snapshots_that_match_the_tables_and_ends_with_the_final_status()
    {
        await using var database = databases();
        await using var server = await WebServer.StartAsync(database, async s =>
        {
            await s.AddUserAsync("aude", Role.Auditor);
            await s.AddUserAsync("wendy", Role.BatchWorker);
            await s.AddUserAsync("oscar", Role.BatchOperator);
            await s.GenerateAsync(January, Premiums, Claims);
        }, settings: new Dictionary<string, string?> { ["Web:LiveIntervalMs"] = "150" });
        using var admin = server.Api(await server.TokenAsync("alice"));
        // No in-process workers: the batch waits for a worker process, so the test decides when it moves.
        var started = await admin.PostAsJsonAsync("/api/batches", new { period = "2025-01", workers = 0 });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var batchId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch_id").GetString()!;
        var args = new { batchId };

        using var aude = await LoggedInAsync(server, "aude");
        var before = (await server.TrailAsync()).Count;
        var refused = await aude.GetAsync($"/batches/{batchId}/events");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.ShouldNotBe(BatchEvents.MediaType);
        var denial = (await server.TrailAsync()).Skip(before).ShouldHaveSingleItem();
        (denial.Draft.PerformedBy, denial.Draft.Status, denial.Draft.BatchId).ShouldBe(("aude", AuditStatus.Failed, batchId));
        using (var stranger = server.Browser())
        {
            (await stranger.GetAsync($"/batches/{batchId}/events")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "no session: to the login");
        }

        using var alice = await LoggedInAsync(server, "alice");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var answer = await alice.GetAsync($"/batches/{batchId}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe(BatchEvents.MediaType);
        using var stream = new EventStream(await answer.Content.ReadAsStreamAsync(timeout.Token));

        // Waiting for a worker: nothing staged, and the stream says so, as the tables do.
        var waiting = await SnapshotAsync(stream, timeout.Token);
        waiting.GetProperty("batch").GetProperty("status").GetString().ShouldBe("RUNNING");
        Processed(waiting).ShouldBe(await database.CountAsync(ProcessedSql, args));
        Processed(waiting).ShouldBe(0);
        waiting.GetProperty("progress").GetProperty("records_expected").GetInt64().ShouldBe(Premiums + Claims);
        waiting.GetProperty("partitions").GetArrayLength().ShouldBe((int)await database.CountAsync(PartitionsSql, args));

        await ViewersShareOneReadPerTickAsync(server, batchId);
        await AWatcherDisabledMidStreamIsCutOffAsync(server, batchId, timeout.Token);

        var staging = StageAsWorkerAsync(server, batchId);
        var seen = new List<JsonElement>();
        ServerEvent? last;
        while ((last = await stream.NextAsync(timeout.Token)) is { Name: "snapshot" })
        {
            var atMost = await database.CountAsync(ProcessedSql, args);
            Processed(last.Data).ShouldBeLessThanOrEqualTo(atMost, "a snapshot cannot be ahead of the tables read after it");
            if (seen.Count > 0)
            {
                Processed(last.Data).ShouldBeGreaterThanOrEqualTo(Processed(seen[^1]), "progress never goes back");
            }

            seen.Add(last.Data);
        }

        await staging;
        last.ShouldNotBeNull("the stream ends with an end event, not by breaking off");
        last.Name.ShouldBe("end");
        last.Data.GetProperty("status").GetString().ShouldBe("COMMITTED");
        var final = seen[^1];
        final.GetProperty("batch").GetProperty("status").GetString().ShouldBe("COMMITTED");
        final.GetProperty("progress").GetProperty("live").GetBoolean().ShouldBeFalse();
        Processed(final).ShouldBe(Premiums + Claims);
        Processed(final).ShouldBe(await database.CountAsync(ProcessedSql, args));
        final.GetProperty("ledger").GetProperty("entries").GetInt64().ShouldBe(await database.CountAsync(EntriesSql, args));
        final.GetProperty("partitions").EnumerateArray().ShouldAllBe(p => p.GetProperty("partition").GetProperty("status").GetString() == "COMPLETED");
        var curve = final.GetProperty("throughput").EnumerateArray().ToList();
        curve[^1].GetProperty("records").GetInt64().ShouldBe(Premiums + Claims, "the curve reaches the end of staging, though staging ended between two ticks");
        curve.Select(p => p.GetProperty("records").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
        final.GetProperty("validation").GetArrayLength().ShouldBeGreaterThan(0);
        final.GetProperty("validation").EnumerateArray().ShouldAllBe(c => c.GetProperty("passed").GetBoolean());
        (await stream.NextAsync(timeout.Token)).ShouldBeNull("the server closes the stream after the end event");
    }

    /// <summary>The session is checked again every few ticks: a watcher disabled while she watches gets a refused event and the stream ends.</summary>
    private static async Task AWatcherDisabledMidStreamIsCutOffAsync(WebServer server, string batchId, CancellationToken ct)
    {
        using var oscar = await LoggedInAsync(server, "oscar");
        using var answer = await oscar.GetAsync($"/batches/{batchId}/events", HttpCompletionOption.ResponseHeadersRead, ct);
        using var stream = new EventStream(await answer.Content.ReadAsStreamAsync(ct));
        (await SnapshotAsync(stream, ct)).GetProperty("batch").GetProperty("batch_id").GetString().ShouldBe(batchId);

        await server.Get<UserOperations>().SetDisabledAsync(await server.SignInAsync("alice"), "oscar", disabled: true, CancellationToken.None);
        var names = new List<string>();
        while (await stream.NextAsync(ct) is { } next)
        {
            names.Add(next.Name);
        }

        names.Count.ShouldBeLessThanOrEqualTo(BatchEvents.RecheckEvery + 1, "the check comes within its ticks");
        names[^1].ShouldBe("refused");
    }

    /// <summary>Twenty viewers in one tick cost one read of the store; the next tick, one more (a clock the test moves, so no timing is assumed).</summary>
    private static async Task ViewersShareOneReadPerTickAsync(WebServer server, string batchId)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var feed = new BatchFeed(server.Get<BatchOperations>(), server.Get<BatchRunner>(), new ThroughputHistory(clock), clock,
            Options.Create(new WebOptions()), server.Get<IHostApplicationLifetime>());
        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => feed.ViewAsync(batchId, CancellationToken.None)));
        feed.Reads.ShouldBe(1);
        first.Distinct().ShouldHaveSingleItem("every viewer of the tick gets the same view");
        clock.Now += feed.Interval;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => feed.ViewAsync(batchId, CancellationToken.None)));
        feed.Reads.ShouldBe(2);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task StageAsWorkerAsync(WebServer server, string batchId)
    {
        var wendy = await server.SignInAsync("wendy");
        var batch = (await server.Get<IMonthEndStore>().FindBatchAsync(batchId, CancellationToken.None))!;
        await server.Get<WorkerOperations>().StageAsync(wendy, batch, "web-test-worker", new RunSettings(), CancellationToken.None);
    }

    private static long Processed(JsonElement view) => view.GetProperty("progress").GetProperty("records_processed").GetInt64();

    private static async Task<JsonElement> SnapshotAsync(EventStream stream, CancellationToken ct)
    {
        var next = await stream.NextAsync(ct);
        next.ShouldNotBeNull();
        next.Name.ShouldBe("snapshot");
        return next.Data;
    }

    private static async Task<HttpClient> LoggedInAsync(WebServer server, string user)
    {
        var browser = server.Browser();
        (await WebServer.LogInAsync(browser, user, WebServer.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }
}
