using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonthEnd.Viewers;

/// <summary>
/// N viewers of one batch: each, in a loop with a think time, loads the batch page, the page's live
/// JSON (what its script polls) and GET /api/batches/{id}, until the batch closes. Bounded loopback
/// load: at most N requests in flight, one viewer's three requests one after another.
/// </summary>
public sealed class ViewerLoad(Site site, LoadOptions options)
{
    private static readonly TimeSpan EndPoll = TimeSpan.FromSeconds(1);

    public async Task<LoadReport> RunAsync()
    {
        // Signed in before the batch starts: 50 password checks are not part of the figure.
        var sessions = new List<HttpClient>();
        for (var i = 0; i < options.Viewers; i++)
        {
            sessions.Add(await site.SessionAsync(options.User, options.Password));
        }

        var admin = site.Api(options.AdminToken);
        var viewerApi = site.Api(options.ViewerToken);
        using var started = await admin.PostAsJsonAsync(new Uri("/api/batches", UriKind.Relative), new { period = options.Period, workers = options.Workers, dry_run = false });
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        if (!started.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the batch did not start: {(int)started.StatusCode} {body}");
        }

        var batchId = body.GetProperty("batch_id").GetString()!;
        var samples = new ConcurrentQueue<Sample>();
        using var stop = new CancellationTokenSource();
        var viewers = sessions.Select((session, i) => ViewAsync(session, viewerApi, batchId, i, samples, stop.Token)).ToList();
        var final = await UntilClosedAsync(admin, batchId);
        await stop.CancelAsync();
        await Task.WhenAll(viewers);
        return LoadReport.Of(options.Viewers, final, [.. samples]);
    }

    /// <summary>The batch as the API shows it once it is no longer open (one poll a second, not counted as load).</summary>
    private static async Task<JsonElement> UntilClosedAsync(HttpClient admin, string batchId)
    {
        while (true)
        {
            var detail = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/batches/{batchId}", UriKind.Relative));
            if (!detail.GetProperty("progress").GetProperty("live").GetBoolean())
            {
                return detail;
            }

            await Task.Delay(EndPoll);
        }
    }

    private async Task ViewAsync(HttpClient session, HttpClient api, string batchId, int viewer, ConcurrentQueue<Sample> samples, CancellationToken stop)
    {
        try
        {
            // Spread the viewers' first requests over one think time.
            await Task.Delay(options.Think * viewer / Math.Max(1, options.Viewers), stop);
            while (!stop.IsCancellationRequested)
            {
                samples.Enqueue(await FetchAsync("page", session, $"/batches/{batchId}"));
                samples.Enqueue(await FetchAsync("live", session, $"/batches/{batchId}?handler=Live"));
                if (!options.PagesOnly)
                {
                    samples.Enqueue(await FetchAsync("api", api, $"/api/batches/{batchId}"));
                }

                await Task.Delay(options.Think, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The batch closed: this viewer is done.
        }
    }

    /// <summary>One request, read to its end; a failure is a sample too (the run goes on).</summary>
    private static async Task<Sample> FetchAsync(string kind, HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var answer = await client.GetAsync(new Uri(path, UriKind.Relative));
            await answer.Content.ReadAsByteArrayAsync();
            return new Sample(kind, clock.Elapsed, answer.IsSuccessStatusCode ? null : $"{(int)answer.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Sample(kind, clock.Elapsed, e.GetType().Name);
        }
    }
}

public sealed record Sample(string Kind, TimeSpan Latency, string? Error);
