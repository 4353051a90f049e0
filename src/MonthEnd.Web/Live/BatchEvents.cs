using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using MonthEnd.Core.Security;
using MonthEnd.Operations.Batches;
using MonthEnd.Operations.Identity;
using MonthEnd.Web.Api;
using MonthEnd.Web.Identity;

namespace MonthEnd.Web.Live;

/// <summary>
/// GET /batches/{id}/events: the batch page's live numbers as server-sent events. Refused (403,
/// audited) without view_batch_status before anything is streamed; then one <c>snapshot</c> event
/// per tick while the batch is open, and a last snapshot and an <c>end</c> event once it closes. The
/// stream stops when the client leaves or the server stops, and when the watcher's session no longer
/// holds the permission (checked again every <see cref="RecheckEvery"/> ticks); after
/// <see cref="Lifetime"/> it is closed without an end event, and EventSource reconnects.
/// </summary>
public static class BatchEvents
{
    public const string MediaType = "text/event-stream";

    /// <summary>Ticks between two checks that the watcher may still watch (a user disabled or stripped of her role mid-stream).</summary>
    public const int RecheckEvery = 15;

    /// <summary>
    /// How long one connection streams before the server closes it for the browser to reconnect: one
    /// long request would neither renew the sliding session nor notice that it lapsed.
    /// </summary>
    public static readonly TimeSpan Lifetime = SessionCookie.IdleTimeout / 2;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void MapBatchEvents(this IEndpointRouteBuilder app) =>
        app.MapGet("/batches/{id}/events", StreamAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task StreamAsync(HttpContext http, string id, BatchOperations batches, BatchFeed feed, SignIn signIn,
        IHostApplicationLifetime lifetime)
    {
        var caller = http.PageCaller();
        var first = feed.Of(await batches.WatchAsync(caller, id, http.RequestAborted));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.ContentType = MediaType;
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync($"retry: {(int)feed.Interval.TotalMilliseconds * 2}\n\n", stop.Token);
        var view = first;
        var reconnectAt = Environment.TickCount64 + (long)Lifetime.TotalMilliseconds;
        try
        {
            for (var tick = 1; ; tick++)
            {
                await SendAsync(http, "snapshot", view, stop.Token);
                if (!view.Progress.Live)
                {
                    await SendAsync(http, "end", new { status = view.Batch.Status }, stop.Token);
                    return;
                }

                await Task.Delay(feed.Interval, stop.Token);
                if (Environment.TickCount64 > reconnectAt)
                {
                    // Closed without an end event: the browser reconnects, and that request renews (or ends) the sliding session.
                    return;
                }

                if (tick % RecheckEvery == 0 && !await MayStillWatchAsync(http, signIn, caller, stop.Token))
                {
                    await SendAsync(http, "refused", new { reason = "the session no longer holds view_batch_status" }, stop.Token);
                    return;
                }

                view = await feed.ViewAsync(view.Batch.BatchId, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the server is stopping: nothing more to send.
        }
    }

    private static async Task SendAsync(HttpContext http, string name, object data, CancellationToken ct)
    {
        var text = new StringBuilder().Append("event: ").Append(name).Append("\ndata: ")
            .Append(JsonSerializer.Serialize(data, data.GetType(), Json)).Append("\n\n").ToString();
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }

    private static async Task<bool> MayStillWatchAsync(HttpContext http, SignIn signIn, Caller caller, CancellationToken ct)
    {
        try
        {
            return (await signIn.WithSessionAsync(caller.User, WebCallers.Client(http, WebCallers.PageInterface), ct)).Holds(Permission.ViewBatchStatus);
        }
        catch (Operations.Access.SignInFailedException)
        {
            return false;
        }
    }
}
